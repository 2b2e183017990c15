// Weekly hours (day toggles with a time range per row), holidays and half days, in one IANA zone.
import type { Schedule, ScheduleException, Weekday } from "@ringflow/flow";
import { FieldErrors, fieldDomId, Section, TimeZoneField } from "../../app/fields.js";
import { fieldIssues } from "../../core/paths.js";
import type { InspectorProps } from "../types.js";

const DAYS: Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

export function HoursInspector({ node, issues, onChange }: InspectorProps<"hours">) {
  const s = node.schedule;
  const setSchedule = (schedule: Schedule, key?: string) => onChange({ ...node, schedule }, key);
  const setRange = (i: number, r: Schedule["weekly"][number]) =>
    setSchedule({ ...s, weekly: s.weekly.map((x, j) => (j === i ? r : x)) });
  const setExc = (i: number, e: ScheduleException, key?: string) =>
    setSchedule({ ...s, exceptions: s.exceptions.map((x, j) => (j === i ? e : x)) }, key);
  return (
    <>
      <TimeZoneField
        label="Time zone"
        field="schedule.timeZone"
        value={s.timeZone}
        issues={issues}
        onChange={(timeZone) => setSchedule({ ...s, timeZone }, "tz")}
      />
      <Section title="Weekly hours">
        {s.weekly.map((r, i) => {
          const base = `schedule.weekly.${i}`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: ranges are positions
            <fieldset className="plain hours-row" key={i} aria-label={`Opening hours ${i + 1}`}>
              <div className="days">
                {DAYS.map((d) => (
                  <label key={d} className={`day${r.days.includes(d) ? " on" : ""}`} title={DAY_NAMES[d]}>
                    <input
                      type="checkbox"
                      aria-label={`${DAY_NAMES[d]} in opening hours ${i + 1}`}
                      checked={r.days.includes(d)}
                      onChange={(e) =>
                        setRange(i, {
                          ...r,
                          days: e.target.checked
                            ? DAYS.filter((x) => x === d || r.days.includes(x))
                            : r.days.filter((x) => x !== d),
                        })
                      }
                    />
                    {d.slice(0, 2)}
                  </label>
                ))}
              </div>
              <label htmlFor={fieldDomId(`${base}.start`)}>From</label>
              <input
                id={fieldDomId(`${base}.start`)}
                type="time"
                value={r.start}
                onChange={(e) => setRange(i, { ...r, start: e.target.value })}
              />
              <label htmlFor={fieldDomId(`${base}.end`)}>to</label>
              <input
                id={fieldDomId(`${base}.end`)}
                type="text"
                pattern="[0-9]{2}:[0-9]{2}"
                className="narrow-2"
                value={r.end}
                title="HH:MM, 24:00 for midnight"
                onChange={(e) => setRange(i, { ...r, end: e.target.value })}
              />
              <button
                type="button"
                className="small"
                aria-label={`Remove opening hours ${i + 1}`}
                onClick={() => setSchedule({ ...s, weekly: s.weekly.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
              <FieldErrors issues={fieldIssues(issues, base)} id={`${base}-err`} />
            </fieldset>
          );
        })}
        <button
          type="button"
          className="small"
          onClick={() =>
            setSchedule({ ...s, weekly: [...s.weekly, { days: ["sat"], start: "10:00", end: "13:00" }] })
          }
        >
          Add hours
        </button>
      </Section>
      <Section title="Holidays and special days">
        {s.exceptions.map((e, i) => {
          const base = `schedule.exceptions.${i}`;
          const yearly = e.date === undefined;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: exceptions are positions
            <fieldset className="plain exc-row" key={i} aria-label={`Special day ${i + 1}`}>
              <label htmlFor={fieldDomId(`${base}.name`)}>Name</label>
              <input
                id={fieldDomId(`${base}.name`)}
                value={e.name}
                onChange={(ev) => setExc(i, { ...e, name: ev.target.value }, `${base}.name`)}
              />
              <label htmlFor={fieldDomId(`${base}.repeat`)}>Repeats</label>
              <select
                id={fieldDomId(`${base}.repeat`)}
                value={yearly ? "yearly" : "once"}
                onChange={(ev) => {
                  const { date: _d, month: _m, day: _y, ...rest } = e;
                  setExc(
                    i,
                    ev.target.value === "yearly"
                      ? { ...rest, month: 12, day: 25 }
                      : { ...rest, date: new Date().toISOString().slice(0, 10) },
                  );
                }}
              >
                <option value="yearly">Every year</option>
                <option value="once">Once</option>
              </select>
              {yearly ? (
                <>
                  <label htmlFor={fieldDomId(`${base}.month`)}>Month</label>
                  <input
                    id={fieldDomId(`${base}.month`)}
                    type="number"
                    min={1}
                    max={12}
                    className="narrow"
                    value={e.month ?? ""}
                    onChange={(ev) => setExc(i, { ...e, month: Number(ev.target.value) })}
                  />
                  <label htmlFor={fieldDomId(`${base}.day`)}>Day</label>
                  <input
                    id={fieldDomId(`${base}.day`)}
                    type="number"
                    min={1}
                    max={31}
                    className="narrow"
                    value={e.day ?? ""}
                    onChange={(ev) => setExc(i, { ...e, day: Number(ev.target.value) })}
                  />
                </>
              ) : (
                <>
                  <label htmlFor={fieldDomId(`${base}.date`)}>Date</label>
                  <input
                    id={fieldDomId(`${base}.date`)}
                    type="date"
                    value={e.date ?? ""}
                    onChange={(ev) => setExc(i, { ...e, date: ev.target.value })}
                  />
                </>
              )}
              <label htmlFor={fieldDomId(`${base}.kind`)}>That day</label>
              <select
                id={fieldDomId(`${base}.kind`)}
                value={e.kind}
                onChange={(ev) =>
                  setExc(
                    i,
                    ev.target.value === "hours"
                      ? { ...e, kind: "hours", ranges: e.ranges ?? [{ start: "09:00", end: "12:00" }] }
                      : { ...e, kind: "closed", ranges: undefined },
                  )
                }
              >
                <option value="closed">Closed all day</option>
                <option value="hours">Open part of the day</option>
              </select>
              {e.kind === "hours"
                ? (e.ranges ?? []).map((r, k) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: ranges are positions
                    <span key={k} className="inline">
                      <label htmlFor={fieldDomId(`${base}.ranges.${k}.start`)}>From</label>
                      <input
                        id={fieldDomId(`${base}.ranges.${k}.start`)}
                        type="time"
                        value={r.start}
                        onChange={(ev) =>
                          setExc(i, {
                            ...e,
                            ranges: (e.ranges ?? []).map((x, j) =>
                              j === k ? { ...x, start: ev.target.value } : x,
                            ),
                          })
                        }
                      />
                      <label htmlFor={fieldDomId(`${base}.ranges.${k}.end`)}>to</label>
                      <input
                        id={fieldDomId(`${base}.ranges.${k}.end`)}
                        type="time"
                        value={r.end}
                        onChange={(ev) =>
                          setExc(i, {
                            ...e,
                            ranges: (e.ranges ?? []).map((x, j) =>
                              j === k ? { ...x, end: ev.target.value } : x,
                            ),
                          })
                        }
                      />
                    </span>
                  ))
                : null}
              <button
                type="button"
                className="small"
                aria-label={`Remove special day ${i + 1}`}
                onClick={() => setSchedule({ ...s, exceptions: s.exceptions.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
              <FieldErrors issues={fieldIssues(issues, base)} id={`${base}-err`} />
            </fieldset>
          );
        })}
        <button
          type="button"
          className="small"
          onClick={() =>
            setSchedule({
              ...s,
              exceptions: [...s.exceptions, { name: "Holiday", month: 12, day: 25, kind: "closed" }],
            })
          }
        >
          Add holiday
        </button>
      </Section>
    </>
  );
}
