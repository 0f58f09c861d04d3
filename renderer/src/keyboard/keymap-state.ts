/** The live keymap: the action registry plus the saved overrides, recomputed when either changes. */
import { computed } from '@preact/signals';
import { actions } from '../state/actions';
import { appInfo, settings } from '../state/store';
import { detectMac } from './chord';
import { buildKeymap } from './keymap';

export const isMac = computed(() => detectMac(appInfo.value?.platform ?? globalThis.navigator?.platform));
export const keymap = computed(() => buildKeymap(actions.value.values(), settings.value?.keymap ?? {}, isMac.value));
/** action id -> chord, for showing a key next to a button or palette entry. */
export const chordOf = computed(() => new Map(keymap.value.bindings.map((b) => [b.actionId, b.chord])));
