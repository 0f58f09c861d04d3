import { useEffect, useState } from 'preact/hooks';
import type { AppInfo } from '../../../preload/contract';
import { call } from '../bridge';

/** Placeholder shell: shows what came through the bridge. The workspace replaces it. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('app.info', {}).then(setInfo, (e: Error) => setError(e.message));
  }, []);
  return (
    <main>
      <h1>ALP Terminal</h1>
      {error && <p role="alert">{error}</p>}
      {info && (
        <p data-testid="app-info">
          {info.name} {info.version} ({info.mode}) · venues: {info.venues.map((v) => v.name).join(', ')}
        </p>
      )}
    </main>
  );
}
