import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../../../../web/src/lib/router';
import { addDays, type DayRange, PRESETS, presetOf, presetRange, rangeFromInputs } from '../lib/dates';

/** The report range: presets, or two days (both included); the choice lives in the address, so it can be shared. */
export function RangePicker({ range, now }: { range: DayRange; now: Date }) {
  const [from, setFrom] = useState(range.from);
  const [last, setLast] = useState(addDays(range.to, -1));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setFrom(range.from);
    setLast(addDays(range.to, -1));
  }, [range.from, range.to]);

  const go = (next: DayRange) => navigate(`/admin/?from=${next.from}&to=${next.to}`, { keepScroll: true });
  const active = presetOf(range, now);
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const next = rangeFromInputs(from, last);
    if (!next) {
      setError('Pick a "to" day on or after the "from" day.');
      return;
    }
    setError(null);
    go(next);
  };

  return (
    <div class="range-picker">
      <fieldset class="presets">
        <legend class="visually-hidden">Preset ranges</legend>
        {PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            class="chip"
            aria-pressed={active === preset.id}
            onClick={() => go(presetRange(preset.id, now))}
          >
            {preset.label}
          </button>
        ))}
      </fieldset>
      <form class="range-form" onSubmit={onSubmit} noValidate>
        <div class="field field-inline">
          <label for="range-from">From</label>
          <input
            id="range-from"
            type="date"
            value={from}
            max={last}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </div>
        <div class="field field-inline">
          <label for="range-to">To</label>
          <input
            id="range-to"
            type="date"
            value={last}
            min={from}
            aria-describedby={error ? 'range-error' : undefined}
            aria-invalid={error ? 'true' : undefined}
            onInput={(e) => setLast(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button button-secondary">
          Show
        </button>
        {error && (
          <p id="range-error" class="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </div>
  );
}
