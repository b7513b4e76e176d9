/**
 * Links a page may render: http and https only. `javascript:`, `data:`, `vbscript:` and the like
 * run code or smuggle content when clicked. Checked on write (schemas refine with it) and again on
 * render (the widget and the views), so a value stored before the rule cannot do harm either.
 * Free of dependencies: the widget bundles it.
 */
export function isHttpUrl(value: string | null | undefined): value is string {
  if (!value) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

export const httpUrlMessage = "Only http and https links are allowed.";
