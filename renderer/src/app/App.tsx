import { useEffect, useState } from 'preact/hooks';
import { AccountsDialogs } from '../accounts/AccountsDialogs';
import { AlgosRoot } from '../algos';
import { KeymapOverlay } from '../keyboard/KeymapOverlay';
import { Palette } from '../keyboard/Palette';
import { keymapOpen, paletteOpen } from '../keyboard/ui-state';
import { Layout } from '../shell/Layout';
import { Notices } from '../shell/Notices';
import { StatusBar } from '../shell/StatusBar';
import { TopBar } from '../shell/TopBar';
import { loadInitialState, startReactions } from './bootstrap';
import '../shell/modal.css';
import '../shell/shell.css';

/** The trading workspace: top bar, resizable panels, status bar, toasts, and the keyboard overlays. */
export function App() {
  const [failure, setFailure] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const stop = startReactions();
    loadInitialState().then(
      () => setReady(true),
      (e: Error) => setFailure(e.message),
    );
    return stop;
  }, []);

  if (failure)
    return (
      <main class="app app-failed">
        <p role="alert">
          ALP Terminal could not start: {failure} Restart the app; if it keeps happening, check that no other copy is
          running.
        </p>
      </main>
    );

  return (
    <div class="app">
      <TopBar />
      {ready ? <Layout /> : <div class="workspace workspace-loading muted">Starting…</div>}
      <StatusBar />
      <Notices />
      {paletteOpen.value && <Palette />}
      {keymapOpen.value && <KeymapOverlay />}
      <AccountsDialogs />
      {ready && <AlgosRoot />}
    </div>
  );
}
