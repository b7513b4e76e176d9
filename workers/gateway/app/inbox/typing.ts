import { useCallback, useEffect, useRef, useState } from "preact/hooks";

/** How long "typing" lasts without news, and how often the agent's own typing is repeated. */
const typingShownMs = 6_000;
const typingRepeatMs = 3_000;

/**
 * Typing indicators both ways over the conversation's own live socket (the session cookie
 * authenticates it): the customer typing shows here, the agent typing shows in the widget.
 * Frames are few (at most one every 3 s while typing), far under the socket's budget.
 */
export function useTyping(conversationId: string) {
  const [customerTyping, setCustomerTyping] = useState(false);
  const socket = useRef<WebSocket | undefined>(undefined);
  const lastSent = useRef(0);
  const hide = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const url = new URL(`/v1/conversations/${conversationId}/live`, location.href);
      url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
      const ws = new WebSocket(url);
      socket.current = ws;
      ws.addEventListener("message", (message) => {
        let event: { type?: string; role?: string; typing?: boolean };
        try {
          event = JSON.parse(String(message.data)) as typeof event;
        } catch {
          return;
        }
        if (event.type === "typing" && event.role === "customer") {
          setCustomerTyping(event.typing === true);
          clearTimeout(hide.current);
          if (event.typing) hide.current = setTimeout(() => setCustomerTyping(false), typingShownMs);
        }
        // A new customer message ends their typing.
        if (event.type === "message") setCustomerTyping(false);
      });
      ws.addEventListener("close", () => {
        if (!stopped) retry = setTimeout(connect, 2_000);
      });
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(hide.current);
      socket.current?.close(1000, "left the conversation");
    };
  }, [conversationId]);

  /** Tells the customer the agent is typing (or stopped); repeats are throttled. */
  const sendTyping = useCallback((typing: boolean) => {
    const ws = socket.current;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    if (typing && now - lastSent.current < typingRepeatMs) return;
    lastSent.current = typing ? now : 0;
    ws.send(JSON.stringify({ type: "typing", typing }));
  }, []);

  return { customerTyping, sendTyping };
}
