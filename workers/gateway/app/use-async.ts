import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { errorText } from "./api.ts";

/** Loads `load()` when `deps` change; `reload` runs it again. Errors become readable text, never a throw. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const current = useRef<AbortController | undefined>(undefined);
  const reload = useCallback(async () => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setLoading(true);
    try {
      const value = await load(controller.signal);
      if (controller.signal.aborted) return;
      setData(value);
      setError(undefined);
    } catch (caught) {
      if (controller.signal.aborted) return;
      setError(errorText(caught));
    } finally {
      if (!controller.signal.aborted) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
    return () => current.current?.abort();
  }, [reload]);
  return { data, error, loading, reload, setData };
}

/** Runs an action, keeping its error for display; answers whether it succeeded. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}
