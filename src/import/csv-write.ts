/**
 * One CSV line (RFC 4180 quoting, CRLF). Cells beginning with = + - @ tab or CR are prefixed with "'" so a
 * spreadsheet shows them as text instead of running them as formulas (CWE-1236); `users import` removes that
 * prefix again, so files written here re-import unchanged.
 */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((cell) => quote(neutralise(cell))).join(',')}\r\n`
}

export const neutralise = (cell: string) => (/^'*[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)

const quote = (cell: string) =>
  /[",\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell
