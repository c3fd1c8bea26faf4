// Parses .ics files with Mozilla's ical.js (the parser behind Thunderbird's calendar)
// and prints, as JSON, what a calendar client would show of each VEVENT.
// Usage: node parse_ics.mjs file.ics [file.ics ...]
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const result = {};
for (const path of process.argv.slice(2)) {
  const jcal = ICAL.parse(readFileSync(path, "utf8"));
  const calendar = new ICAL.Component(jcal);
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const instances = [];
    if (event.isRecurring()) {
      const iterator = event.iterator();
      let next;
      while ((next = iterator.next()) && instances.length < 1000) {
        const details = event.getOccurrenceDetails(next);
        instances.push([details.startDate.toJSDate().toISOString(), details.endDate.toJSDate().toISOString()]);
      }
    }
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      status: component.getFirstPropertyValue("status"),
      sequence: event.sequence,
      allDay: event.startDate.isDate,
      start: event.startDate.isDate ? event.startDate.toString() : event.startDate.toJSDate().toISOString(),
      end: event.endDate.isDate ? event.endDate.toString() : event.endDate.toJSDate().toISOString(),
      tzid: event.startDate.isDate ? null : (event.startDate.zone ? event.startDate.zone.tzid : null),
      recurring: event.isRecurring(),
      instances,
    };
  });
  result[path] = {
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    prodid: calendar.getFirstPropertyValue("prodid"),
    timezones: calendar.getAllSubcomponents("vtimezone").map((tz) => tz.getFirstPropertyValue("tzid")),
    events,
  };
}
process.stdout.write(JSON.stringify(result));
