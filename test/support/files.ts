import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** Builds a CSV as Excel in Spanish saves it: Windows-1252, ";" separators, CRLF. */
export function latin1Csv(rows: (string | number)[][]): Buffer {
  const text = rows.map((r) => r.map((v) => {
    const s = String(v);
    return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(';')).join('\r\n') + '\r\n';
  return iconv.encode(text, 'win1252');
}

export const REGISTRO_HEADER = [
  'Nombre o título de la categoría de información',
  'Descripción del contenido',
  'Idioma',
  'Medio de conservación y/o soporte',
  'Formato',
  'Información publicada o disponible',
  'Lugar de consulta',
  'Clasificación',
  'Objetivo legítimo de la excepción',
  'Excepción total o parcial',
  'Datos personales',
];

export function registroRow(title: string, overrides: Partial<Record<'description' | 'language' | 'medium' | 'format' | 'availability' | 'where' | 'class' | 'ground' | 'scope' | 'personal', string>> = {}): string[] {
  return [
    title,
    overrides.description ?? `Descripción de ${title.toLowerCase()} de la entidad.`,
    overrides.language ?? 'Español',
    overrides.medium ?? 'Electrónico',
    overrides.format ?? 'PDF',
    overrides.availability ?? 'Publicada',
    overrides.where ?? 'Sitio web, sección Transparencia',
    overrides.class ?? 'Pública',
    overrides.ground ?? '',
    overrides.scope ?? '',
    overrides.personal ?? 'No contiene datos personales',
  ];
}

/** An XLSX like the ones entities keep: title rows above the header and a merged cell spanning rows. */
export async function registroXlsx(rows: string[][], options: { header?: string[]; titleRows?: boolean; mergeColumn?: number } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Instrucciones').addRow(['Diligencie la hoja Registro']);
  const sheet = workbook.addWorksheet('Registro');
  let first = 1;
  if (options.titleRows !== false) {
    sheet.addRow(['MINISTERIO DE PRUEBAS']);
    sheet.mergeCells(1, 1, 1, 6);
    sheet.addRow(['Registro de Activos de Información — vigencia 2024']);
    sheet.addRow([]);
    first = 4;
  }
  sheet.addRow(options.header ?? REGISTRO_HEADER);
  for (const row of rows) sheet.addRow(row);
  if (options.mergeColumn !== undefined && rows.length > 1) {
    // The same value for every data row, as one merged cell.
    sheet.mergeCells(first + 1, options.mergeColumn + 1, first + rows.length, options.mergeColumn + 1);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
