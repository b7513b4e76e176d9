import { describe, expect, it } from "vitest";
import { bundledLanguageDetector } from "./bundled-language-detector.ts";
import { detectableLanguages } from "./language.ts";

const examples: [text: string, language: string][] = [
  ["do u lend out bikes for the day", "en"],
  ["back wheel went pop, what do you charge", "en"],
  ["habt ihr am sonntag offen?", "de"],
  ["kann man bei euch räder mieten", "de"],
  ["¿Cuánto cuesta reparar un pinchazo?", "es"],
  ["Hej, har I åbent på søndag?", "da"],
  ["Paljonko pyörän vuokraus maksaa päivältä?", "fi"],
  ["Bonjour, vous êtes ouverts dimanche ?", "fr"],
  ["Mennyibe kerül egy kerékpár javítása?", "hu"],
  ["Ciao, quanto costa noleggiare una bicicletta per un giorno?", "it"],
  ["Hallo, zijn jullie morgen open?", "nl"],
  ["Hei, hva koster det å leie en sykkel for en dag?", "nb"],
  ["Olá, quanto custa alugar uma bicicleta por um dia?", "pt"],
  ["Bună ziua, cât costă închirierea unei biciclete pentru o zi?", "ro"],
  ["Здравствуйте, сколько стоит аренда велосипеда на день?", "ru"],
  ["Hej, hur mycket kostar det att hyra en cykel för en dag?", "sv"],
  ["Merhaba, bir günlük bisiklet kiralamak ne kadar?", "tr"],
];

describe("a message's language", () => {
  it.each(examples)("%j is %s", (text, language) => {
    expect(bundledLanguageDetector.detect(text)).toBe(language);
  });

  it("is told for every language retrieval can stem, not only some", () => {
    expect(new Set(examples.map(([, language]) => language))).toEqual(new Set(detectableLanguages));
  });

  it("is not guessed from too little text", () => {
    expect(bundledLanguageDetector.detect("ok")).toBeNull();
    expect(bundledLanguageDetector.detect("👍")).toBeNull();
  });
});
