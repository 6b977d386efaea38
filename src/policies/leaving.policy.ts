import type { Viewer } from './viewer.js';

/** Deleting an account: the member themselves, with their password (the service checks it). */
export function canDeleteAccount(viewer: Viewer, userId: number | undefined): boolean {
  viewer.decisions.push('leaving:delete-account');
  return userId !== undefined && viewer.user?.id === userId;
}

/** Asking for an export of one's data, and seeing how it goes: the member themselves. */
export function canExportData(viewer: Viewer, userId: number | undefined): boolean {
  viewer.decisions.push('leaving:export');
  return userId !== undefined && viewer.user?.id === userId;
}

/** Downloading an export: only the member it was made for (anyone else is told it does not exist). */
export function canDownloadExport(viewer: Viewer, exportOwner: { userId: number }): boolean {
  viewer.decisions.push('leaving:download-export');
  return viewer.user?.id === exportOwner.userId;
}
