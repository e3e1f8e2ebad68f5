import type { ExportFile } from '@/lib/export/case-export';

/** Saves a file through the browser's downloads (an object URL on a link with `download`). */
export function downloadFile(file: ExportFile): void {
  const blob = new Blob([file.data as BlobPart], { type: file.mime });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by then; revoking at once can cancel it in Chromium.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
