/**
 * The task pane page's entry, and the only place that calls Office.onReady: inside Excel it starts
 * Excel mode; anywhere else (Office.onReady gives host null, or office.js is not there at all) the
 * same page runs standalone on files the user opens. The custom functions are registered by the
 * `functions` chunk loaded on the same page.
 */
import './taskpane.css';

type Start = (root: HTMLElement) => Promise<void>;

async function start(excel: boolean): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  document.documentElement.dataset.host = excel ? 'excel' : 'standalone';
  try {
    const mode: Start = excel ? (await import('./excelMode')).startExcelMode : (await import('./standalone')).startStandalone;
    await mode(root);
  } catch (error) {
    root.textContent = `Clausewise could not start: ${error instanceof Error ? error.message : String(error)}`;
    root.setAttribute('role', 'alert');
  }
}

if (typeof Office === 'undefined') {
  void start(false);
} else {
  void Office.onReady((info) => start(info.host === Office.HostType.Excel));
}
