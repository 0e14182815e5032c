/** C's `strftime`, as Python's `time.strftime` formats a Formatter's `%(asctime)s`. */

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Python's `time.strftime(format, time.localtime(t))` for the usual directives. */
export function strftime(format: string, date: Date): string {
  const p2 = (n: number) => String(n).padStart(2, "0");
  return format.replace(/%([a-zA-Z%])/g, (whole, d: string) => {
    switch (d) {
      case "Y":
        return String(date.getFullYear());
      case "y":
        return p2(date.getFullYear() % 100);
      case "m":
        return p2(date.getMonth() + 1);
      case "d":
        return p2(date.getDate());
      case "H":
        return p2(date.getHours());
      case "I":
        return p2(date.getHours() % 12 || 12);
      case "M":
        return p2(date.getMinutes());
      case "S":
        return p2(date.getSeconds());
      case "p":
        return date.getHours() < 12 ? "AM" : "PM";
      case "a":
        return (DAYS[date.getDay()] as string).slice(0, 3);
      case "A":
        return DAYS[date.getDay()] as string;
      case "b":
        return (MONTHS[date.getMonth()] as string).slice(0, 3);
      case "B":
        return MONTHS[date.getMonth()] as string;
      case "j": {
        // Days counted on the calendar, not in elapsed milliseconds: a day of a daylight saving
        // change is 23 or 25 hours long.
        const y = date.getFullYear();
        const days = (Date.UTC(y, date.getMonth(), date.getDate()) - Date.UTC(y, 0, 1)) / 86400000;
        return String(days + 1).padStart(3, "0");
      }
      case "z": {
        const off = -date.getTimezoneOffset();
        const sign = off >= 0 ? "+" : "-";
        return `${sign}${p2(Math.floor(Math.abs(off) / 60))}${p2(Math.abs(off) % 60)}`;
      }
      case "Z":
        return (
          Intl.DateTimeFormat(undefined, { timeZoneName: "short" })
            .formatToParts(date)
            .find((x) => x.type === "timeZoneName")?.value ?? ""
        );
      case "%":
        return "%";
      default:
        return whole;
    }
  });
}
