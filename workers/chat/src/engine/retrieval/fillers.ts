/**
 * Words of chat that carry no meaning for retrieval and are not in Postgres's stop-word lists
 * (texting shorthand, greetings, politeness), in the languages the demo speaks. A question's
 * meaning is the rest, so "hey guys pls whats ur address" weighs as much as "address".
 */
export const fillerWords: readonly string[] = [
  // English
  ...["u", "ur", "r", "ya", "yall", "pls", "plz", "please", "thanks", "thx", "ty", "cheers", "hi", "hey", "hello"],
  ...["hiya", "guys", "folks", "mate", "lol", "ok", "okay", "just", "wondering", "wonder", "quick", "question"],
  ...["know", "tell", "anyone", "really", "actually", "im", "ive", "id", "gonna", "wanna", "gotta", "like", "whats"],
  ...["wat", "wot", "hows", "wheres", "whens", "thats", "theres", "dont", "cant", "isnt", "n"],
  // German
  ...["hallo", "moin", "servus", "bitte", "danke", "mal", "eigentlich", "denn", "eure", "euren", "eurem"],
  ...["euer", "gibts", "gibt", "ne", "kurze", "frage", "leute"],
  // German question auxiliaries the stop-word list lacks ("habt ihr ...?", "seid ihr ...?")
  ...["habt", "hast", "seid", "bist", "macht", "tut", "könnt", "kannst", "nehmt", "bietet"],
];

/**
 * Texting shorthand for words that do carry meaning ("u open tmrw?", "r u open mon-fri"): each is
 * read as the word it stands for before anything else happens to the question.
 */
export const shorthandWords: Readonly<Record<string, string>> = {
  tmrw: "tomorrow",
  tmr: "tomorrow",
  tmrow: "tomorrow",
  "2moro": "tomorrow",
  "2day": "today",
  tonite: "tonight",
  b4: "before",
  abt: "about",
  asap: "soon",
  appt: "appointment",
  info: "information",
  num: "number",
  mon: "monday",
  tue: "tuesday",
  tues: "tuesday",
  wed: "wednesday",
  thu: "thursday",
  thur: "thursday",
  thurs: "thursday",
  fri: "friday",
  sat: "saturday",
  sun: "sunday",
  wknd: "weekend",
  msg: "message",
};
