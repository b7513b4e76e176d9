// Files in the widget: what the picker offers, the chip of a file waiting to be sent, and how a
// message's file is shown.
import type { Attachment } from "./api.ts";
import { h, readableSize } from "./dom.ts";
import type { Texts } from "./i18n.ts";

/** The most a file may weigh (the channels worker's default ATTACHMENT_MAX_BYTES); the server has the last word. */
export const maxFileMegabytes = 16;
/** What the file picker offers: what the server accepts (it judges the bytes, not the name). */
export const acceptedFiles =
  "image/*,audio/*,video/*,application/pdf,text/plain,text/csv,.rtf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp";

/** The chip of a file waiting above the input: a thumbnail (pictures), its name and size, and ×. */
export function pendingChip(file: File, t: Texts, onRemove: () => void): Node[] {
  const name = file.name || t.attach;
  const thumbnail = file.type.startsWith("image/")
    ? h("img", { src: URL.createObjectURL(file), alt: "" })
    : h("span", { "aria-hidden": "true" }, "📎");
  return [
    thumbnail,
    h("span", { class: "grow" }, `${name} · ${readableSize(file.size)}`),
    h("button", { type: "button", "aria-label": t.removeFile(name), onclick: onRemove }, "×"),
  ];
}

/** A message's file: the picture itself when this browser just sent it, else its name, kind and size. */
export function attachmentView(attachment: Attachment, preview: string | undefined): HTMLElement {
  const name = attachment.filename ?? attachment.kind;
  if (preview) return h("img", { class: "preview", src: preview, alt: name });
  const icon = { image: "🖼️", audio: "🎙️", video: "🎬", document: "📄" }[attachment.kind];
  return h(
    "span",
    { class: "file" },
    h("span", { "aria-hidden": "true" }, icon),
    h("span", { class: "name" }, name),
    h("span", {}, readableSize(attachment.size)),
  );
}
