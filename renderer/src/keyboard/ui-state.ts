/** Which keyboard overlays are open, and whether a modal dialog owns the keyboard right now. */
import { computed, signal } from '@preact/signals';

export const paletteOpen = signal(false);
export const keymapOpen = signal(false);
/** Open modal dialogs (accounts dialogs, confirmations, overlays): while any is open, global keys are off. */
export const openModals = signal(0);
export const modalActive = computed(() => openModals.value > 0);
