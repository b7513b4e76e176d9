/**
 * A JSON file among the chat worker's static assets (`workers/chat/assets`, written after install),
 * read and checked once per isolate by its first caller, so that data a cold turn rarely needs is
 * not script every cold start parses: an isolate that never needs it never reads it. A failed load
 * is retried by the next caller; an unawaited start (loading beside a cold session) reports nothing
 * by itself.
 */
export function isolateAsset<T>(file: string, parse: (json: unknown) => T): (assets: Fetcher) => Promise<T> {
  let loading: Promise<T> | undefined;
  return (assets) => {
    if (!loading) {
      loading = load(assets, file, parse).catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      loading.catch(() => undefined);
    }
    return loading;
  };
}

async function load<T>(assets: Fetcher, file: string, parse: (json: unknown) => T): Promise<T> {
  const response = await assets.fetch(`https://assets.invalid/${file}`);
  if (!response.ok) throw new Error(`the asset ${file} answered ${response.status}`);
  return parse(await response.json());
}
