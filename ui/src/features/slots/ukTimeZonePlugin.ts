/**
 * FullCalendar's named time zone, computed by luxon (as `@fullcalendar/luxon3` does) but
 * memoised. FullCalendar converts every event's start and end through the time zone each time
 * events are parsed; thousands of slots share a few hundred distinct times, so a cache turns
 * thousands of luxon/Intl calls into a few hundred. Listed after the luxon3 plugin, whose date
 * formatting it keeps, it replaces only the zone arithmetic.
 */
import { createPlugin } from "@fullcalendar/core";
import { NamedTimeZoneImpl } from "@fullcalendar/core/internal";
import { DateTime } from "luxon";

const LIMIT = 50_000;

class CachedLuxonTimeZone extends NamedTimeZoneImpl {
  private readonly offsets = new Map<string, number>();
  private readonly arrays = new Map<number, number[]>();

  offsetForArray(a: number[]): number {
    const key = a.join(",");
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      offset = DateTime.fromObject(
        {
          year: a[0],
          month: (a[1] ?? 0) + 1,
          day: a[2],
          hour: a[3],
          minute: a[4],
          second: a[5],
          millisecond: a[6],
        },
        { zone: this.timeZoneName },
      ).offset;
      if (this.offsets.size > LIMIT) this.offsets.clear();
      this.offsets.set(key, offset);
    }
    return offset;
  }

  timestampToArray(ms: number): number[] {
    let array = this.arrays.get(ms);
    if (!array) {
      const dt = DateTime.fromMillis(ms, { zone: this.timeZoneName });
      array = [dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond];
      if (this.arrays.size > LIMIT) this.arrays.clear();
      this.arrays.set(ms, array);
    }
    return array.slice();
  }
}

export const cachedUkTimeZone = createPlugin({
  name: "gpc-cached-luxon-time-zone",
  namedTimeZonedImpl: CachedLuxonTimeZone,
});
