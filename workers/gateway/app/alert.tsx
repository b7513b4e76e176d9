/** An error as a sentence in the page (announced to screen readers), never a blank page. */
export function Alert({ message, onRetry }: { message: string | undefined; onRetry?: () => void }) {
  if (!message) return null;
  return (
    <div class="alert" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" class="link" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
