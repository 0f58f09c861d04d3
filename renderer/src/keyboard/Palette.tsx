import { useMemo, useRef, useState } from 'preact/hooks';
import { Modal } from '../shell/Modal';
import { actions, runAction } from '../state/actions';
import { displayChord } from './chord';
import { fuzzyFilter } from './fuzzy';
import { chordOf, isMac } from './keymap-state';
import { paletteOpen } from './ui-state';
import './keyboard.css';

function Highlighted({ text, positions }: { text: string; positions: number[] }) {
  if (positions.length === 0) return <>{text}</>;
  const marks = new Set(positions);
  return <>{[...text].map((ch, i) => (marks.has(i) ? <mark key={i}>{ch}</mark> : ch))}</>;
}

/** Mod+K: every registered action, fuzzy-filtered, with its key; arrows move, Enter runs, Esc closes. */
export function Palette() {
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  const all = [...actions.value.values()].filter((a) => a.id !== 'palette.open');
  const hits = useMemo(() => fuzzyFilter(all, query, (a) => `${a.title} ${a.id}`), [actions.value, query]);
  const chords = chordOf.value;
  const close = () => {
    paletteOpen.value = false;
  };
  const run = (id: string) => {
    close();
    // After the dialog closes and focus is back where it was, so the action acts on the right thing.
    queueMicrotask(() => runAction(id));
  };
  const move = (to: number) => {
    const next = Math.max(0, Math.min(hits.length - 1, to));
    setIndex(next);
    list.current?.children[next]?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <Modal title="Command palette" onClose={close} class="palette" testId="palette">
      <input
        class="palette-input"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={hits[index] ? `palette-${hits[index].item.id}` : undefined}
        placeholder="Type a command…"
        value={query}
        data-autofocus
        autoComplete="off"
        spellcheck={false}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') move(index + 1);
          else if (e.key === 'ArrowUp') move(index - 1);
          else if (e.key === 'PageDown') move(index + 8);
          else if (e.key === 'PageUp') move(index - 8);
          else if (e.key === 'Enter') {
            const hit = hits[index];
            if (hit) run(hit.item.id);
          } else return;
          e.preventDefault();
        }}
      />
      <div id="palette-list" class="palette-list" role="listbox" ref={list}>
        {hits.length === 0 && <div class="palette-empty muted">No command matches “{query}”.</div>}
        {hits.map((hit, i) => {
          const chord = chords.get(hit.item.id);
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input drives the options (aria-activedescendant)
            <div
              key={hit.item.id}
              tabIndex={-1}
              id={`palette-${hit.item.id}`}
              role="option"
              aria-selected={i === index}
              class={i === index ? 'active' : ''}
              onMouseMove={() => i !== index && setIndex(i)}
              onClick={() => run(hit.item.id)}
            >
              <span class="palette-title">
                <Highlighted text={hit.item.title} positions={hit.positions.filter((p) => p < hit.item.title.length)} />
              </span>
              {chord && <kbd>{displayChord(chord, isMac.value)}</kbd>}
            </div>
          );
        })}
      </div>
    </Modal>
  );
}
