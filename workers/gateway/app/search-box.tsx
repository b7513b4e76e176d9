/** A labelled search field (the label for screen readers, the placeholder for the eye). */
export function SearchBox({
  label,
  placeholder,
  value,
  onChange,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label class="search">
      <span class="visually-hidden">{label}</span>
      <input type="search" placeholder={placeholder} value={value} onInput={(e) => onChange(e.currentTarget.value)} />
    </label>
  );
}
