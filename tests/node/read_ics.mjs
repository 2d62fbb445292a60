// Reads .ics files with ical.js (the parser of Thunderbird) and prints, as JSON, what it understood of each
// event: UID, summary, status, start and end as UTC instants (or dates for all-day events), description.
// Usage: node read_ics.mjs file.ics [file.ics ...]   (used by tests/test_sessions_situations.py)
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const out = {};
for (const path of process.argv.slice(2)) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const zone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  out[path] = root.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const when = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
    return {
      uid: event.uid,
      summary: event.summary,
      status: component.getFirstPropertyValue("status"),
      allDay: event.startDate.isDate,
      start: when(event.startDate),
      end: when(event.endDate),
      description: event.description,
      course: component.getFirstPropertyValue("x-territoires-partages-stage"),
    };
  });
}
process.stdout.write(JSON.stringify(out));
