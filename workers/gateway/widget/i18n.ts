/** The widget's words, in every language it speaks; the channel's locale or the browser's picks one. */
const texts = {
  en: {
    open: "Open chat",
    close: "Close chat",
    title: "Chat with us",
    placeholder: "Write a message…",
    send: "Send",
    typing: (name: string) => `${name} is typing…`,
    someone: "Someone",
    joined: (name: string) => `${name} joined the conversation`,
    offline: "Away",
    online: "Online",
    sources: "Sources",
    reconnecting: "Reconnecting…",
    failed: "The message could not be sent. Try again.",
    tooMany: (seconds: number) => `Too many messages. Try again in ${seconds} s.`,
    rate: "How did we do?",
    thanks: "Thanks for your feedback!",
    closed: "This conversation has ended. Write to start a new one.",
    start: "Start chat",
    name: "Name",
    email: "Email",
    required: "required",
    stars: (n: number) => `${n} of 5`,
    unread: (n: number) => (n === 1 ? "1 new message" : `${n} new messages`),
  },
  de: {
    open: "Chat öffnen",
    close: "Chat schließen",
    title: "Schreiben Sie uns",
    placeholder: "Nachricht schreiben…",
    send: "Senden",
    typing: (name: string) => `${name} schreibt…`,
    someone: "Jemand",
    joined: (name: string) => `${name} ist dem Gespräch beigetreten`,
    offline: "Abwesend",
    online: "Online",
    sources: "Quellen",
    reconnecting: "Verbindung wird wiederhergestellt…",
    failed: "Die Nachricht konnte nicht gesendet werden. Bitte erneut versuchen.",
    tooMany: (seconds: number) => `Zu viele Nachrichten. Bitte in ${seconds} s erneut versuchen.`,
    rate: "Wie zufrieden waren Sie?",
    thanks: "Danke für Ihr Feedback!",
    closed: "Dieses Gespräch ist beendet. Schreiben Sie, um ein neues zu beginnen.",
    start: "Chat starten",
    name: "Name",
    email: "E-Mail",
    required: "Pflichtfeld",
    stars: (n: number) => `${n} von 5`,
    unread: (n: number) => (n === 1 ? "1 neue Nachricht" : `${n} neue Nachrichten`),
  },
} as const;

export type Texts = (typeof texts)[keyof typeof texts];

export function textsFor(locale: string): Texts {
  const language = (locale === "auto" ? navigator.language : locale).slice(0, 2).toLowerCase();
  return language === "de" ? texts.de : texts.en;
}
