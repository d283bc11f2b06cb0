// Views of the export commands: exportMetadata, exportConfigs, exportMetrics. Where each file
// went, in the Java tool's words (`export <path> success`).

import type { ExportPopRecordResult, ExportResult } from '../../admin/export.js';
import type { Style } from '../style.js';

export function renderExport(result: ExportResult, _style?: Style): string {
  return result.files.map((f) => `export ${f.path} success`).join('\n');
}

/** One line per broker, as the Java tool prints them; a failure adds the reason after a colon. */
export function renderExportPopRecord(result: ExportPopRecordResult): string {
  return result.brokers
    .map((b) => `Export broker records${b.ok ? '' : ' error'}, brokerName=${b.brokerName}, brokerAddr=${b.addr}, dryRun=${b.dryRun}${b.ok ? '' : `: ${b.error ?? ''}`}`)
    .join('\n');
}
