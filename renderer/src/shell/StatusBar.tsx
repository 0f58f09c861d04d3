import { PnlStatus } from '../pnl';
import { activeProfile, appInfo, profiles, status } from '../state/store';

const CONNECTION_TEXT = { online: 'Online', degraded: 'Degraded', offline: 'Offline' } as const;

/** Profile and venue, connection, latency and the private rate budget of the active profile. */
export function StatusBar() {
  const p = activeProfile.value;
  const s = status.value?.profileId === p?.id ? status.value : null;
  const venue = appInfo.value?.venues.find((v) => v.kind === p?.venue)?.name ?? p?.venue ?? '';
  const budget = s?.budget;
  const budgetRatio = budget ? budget.used / Math.max(1, budget.limit) : 0;
  return (
    <footer class="statusbar" data-testid="status-bar">
      <span class="sb-item sb-profile" data-testid="status-profile">
        <span class="chip-dot" style={{ background: p?.color }} />
        <strong>{p?.label ?? '—'}</strong>
        <span class="muted">{venue}</span>
      </span>
      <span class={`sb-item sb-conn sb-${s?.connection ?? 'unknown'}`} data-testid="status-connection" role="status">
        <span class="sb-light" aria-hidden="true" />
        {s ? CONNECTION_TEXT[s.connection] : 'Connecting…'}
        {s?.message && <span class="sb-message">{s.message}</span>}
      </span>
      <span class="sb-item" title="Latency of the most recent request">
        <span class="muted">Latency</span>{' '}
        <span class="num">{s?.latencyMs != null ? `${Math.round(s.latencyMs)} ms` : '—'}</span>
      </span>
      <span
        class={`sb-item ${budgetRatio >= 0.9 ? 'sb-hot' : ''}`}
        title="Private API calls used in the current rate-limit window, and calls waiting"
        data-testid="status-budget"
      >
        <span class="muted">Rate</span> <span class="num">{budget ? `${budget.used}/${budget.limit}` : '—'}</span>
        {budget && budget.queued > 0 && <span class="num"> · {budget.queued} queued</span>}
      </span>
      <PnlStatus />
      {profiles.value?.warning && (
        <span class="sb-item sb-hot" role="alert" title={profiles.value.warning}>
          ⚠ {profiles.value.warning}
        </span>
      )}
      <span class="spacer" />
      <span class="sb-item muted">
        {appInfo.value ? `${appInfo.value.name} ${appInfo.value.version} · ${appInfo.value.mode}` : ''}
      </span>
    </footer>
  );
}
