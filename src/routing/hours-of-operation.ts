// Whether a moment is inside hours of operation, in the hours' own time zone. A day whose start equals its
// end (00:00–00:00) is open all day, as Amazon's "24 hours" entries are; an end before the start runs past
// midnight into the next day.
import type { HoursOfOperationData } from './resource-types.js';

const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than formatting with one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The last answer per time zone: every check within the same minute (time zones move by whole minutes) reuses it. */
const lastMinute = new Map<string, { minute: number; local: { day: string; minutes: number } }>();

function localTime(at: number, timeZone: string): { day: string; minutes: number } {
  const minute = Math.floor(at / 60_000);
  const last = lastMinute.get(timeZone);
  if (last?.minute === minute) return last.local;
  const local = formatLocalTime(at, timeZone);
  lastMinute.set(timeZone, { minute, local });
  return local;
}

function formatLocalTime(at: number, timeZone: string): { day: string; minutes: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: get('weekday').toUpperCase(), minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

export function isOpen(hours: HoursOfOperationData, at: number): boolean {
  const { day, minutes } = localTime(at, hours.TimeZone || 'UTC');
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7];
  return hours.Config.some((c) => {
    const start = c.StartTime.Hours * 60 + c.StartTime.Minutes;
    const end = c.EndTime.Hours * 60 + c.EndTime.Minutes;
    if (c.Day === day) {
      if (start === end) return true;
      return end > start ? minutes >= start && minutes < end : minutes >= start;
    }
    // An overnight span that started yesterday.
    return c.Day === yesterday && end < start && minutes < end;
  });
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
