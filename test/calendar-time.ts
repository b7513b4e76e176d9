/** "YYYY-MM-DD" + "HH:MM" on the wall clock of Europe/London (the demo business), as a UTC instant. */
export function londonTime(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const name = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", timeZoneName: "shortOffset" })
    .formatToParts(guess)
    .find((part) => part.type === "timeZoneName")?.value;
  const offsetHours = Number(name?.replace("GMT", "") || "0");
  return new Date(guess.getTime() - offsetHours * 3_600_000).toISOString();
}

/** A Tuesday, Wednesday or Thursday at least `daysAhead` days from now: an ordinary open day. */
export function nextMidweekDay(daysAhead = 3): string {
  const day = new Date(Date.now() + daysAhead * 86_400_000);
  while (![2, 3, 4].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}
