import { describe, expect, it } from 'vitest';
import { findElectron } from '../../main/cli/start';

const existing = process.execPath; // any file that exists stands in for the binary

describe('npm start: can Electron run here?', () => {
  it('no: the runtime was never downloaded', () => {
    const result = findElectron({ DISPLAY: ':0' }, 'linux', () => {
      throw new Error('Electron failed to install correctly');
    });
    expect(result).toEqual({ reason: 'the Electron runtime is not installed (its download was skipped or failed)' });
  });
  it('no: the package points at a binary that is not there', () => {
    expect(findElectron({ DISPLAY: ':0' }, 'linux', () => '/nonexistent/electron')).toHaveProperty('reason');
  });
  it('no: Linux without a display', () => {
    expect(findElectron({}, 'linux', () => existing)).toEqual({
      reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)',
    });
  });
  it('yes: a binary and a display (or a platform that always has one)', () => {
    expect(findElectron({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', () => existing)).toEqual({ path: existing });
    expect(findElectron({}, 'darwin', () => existing)).toEqual({ path: existing });
  });
});
