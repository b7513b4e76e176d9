/**
 * A copy of a response from a service binding or a Durable Object, whose headers are immutable,
 * that middleware can still add headers to. An accepted WebSocket (101) keeps its socket.
 */
export function mutableResponse(response: Response): Response {
  if (response.webSocket) {
    return new Response(null, { status: 101, headers: response.headers, webSocket: response.webSocket });
  }
  return new Response(response.body, response);
}
