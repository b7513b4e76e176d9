import type { Identity, WidgetSettings } from "./api.ts";
import { h } from "./dom.ts";
import type { Texts } from "./i18n.ts";

export interface PreChatAnswers {
  identity: Pick<Identity, "name" | "email">;
  consent: true | undefined;
}

/** The channel's pre-chat form (name, email, consent as configured), answered once before the first message. */
export function preChatForm(
  form: WidgetSettings["preChatForm"],
  t: Texts,
  known: Identity,
  onAnswered: (answers: PreChatAnswers) => void,
): HTMLElement {
  const field = (name: "name" | "email", label: string) =>
    form[name] === "off"
      ? null
      : h(
          "label",
          {},
          `${label}${form[name] === "required" ? ` (${t.required})` : ""}`,
          h("input", {
            type: name === "email" ? "email" : "text",
            name,
            required: form[name] === "required",
            value: known[name] ?? "",
          }),
        );
  const consent = form.consentText
    ? h(
        "label",
        { class: "consent" },
        h("input", { type: "checkbox", name: "consent", required: true }),
        form.consentText,
      )
    : null;
  return h(
    "form",
    {
      class: "prechat",
      onsubmit: (event) => {
        event.preventDefault();
        const data = new FormData(event.target as HTMLFormElement);
        const name = String(data.get("name") ?? "").trim();
        const email = String(data.get("email") ?? "").trim();
        onAnswered({
          identity: { ...(name ? { name } : {}), ...(email ? { email } : {}) },
          consent: data.get("consent") === "on" ? true : undefined,
        });
      },
    },
    field("name", t.name),
    field("email", t.email),
    consent,
    h("button", { class: "primary", type: "submit" }, t.start),
  );
}
