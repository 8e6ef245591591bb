import type { ComponentChildren } from 'preact';
import type { Bilingual, ErrorDetail } from '../core/errors.ts';
import { formatNumber } from '../core/i18n.ts';
import type { Vocabulary } from '../catalog/vocabularies.ts';
import type { PageContext } from './page-context.ts';

export function fieldId(name: string): string {
  return `f-${name.replace(/[^a-z0-9_-]/gi, '-')}`;
}

/** The list of problems at the top of a form, each linking to its field (announced by screen readers). */
export function ErrorSummary({ c, title, details }: { c: PageContext; title: Bilingual; details: ErrorDetail[] }) {
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{c.t(title)}</h2>
      {details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li>{d.field ? <a href={`#${fieldId(d.field)}`}>{c.t(d.message)}</a> : c.t(d.message)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ComponentChildren; kind?: 'info' | 'success' | 'warning' }) {
  return (
    <div class={`notice ${kind}`} role="status">
      {children}
    </div>
  );
}

interface FieldProps {
  c: PageContext;
  name: string;
  label: string;
  errors?: ErrorDetail[];
  help?: string;
  required?: boolean;
}

function fieldErrors(errors: ErrorDetail[] | undefined, name: string) {
  return (errors ?? []).filter((e) => e.field === name);
}

function Wrapper({ c, name, label, errors, help, required, children }: FieldProps & { children: ComponentChildren }) {
  const own = fieldErrors(errors, name);
  return (
    <div class={`field${own.length ? ' has-error' : ''}`}>
      <label for={fieldId(name)}>
        {label}
        {required && <span class="required"> ({c.t({ es: 'obligatorio', en: 'required' })})</span>}
      </label>
      {help && <p class="help" id={`${fieldId(name)}-help`}>{help}</p>}
      {own.map((e, i) => (
        <p class="field-error" id={`${fieldId(name)}-error${i}`}>
          <span class="visually-hidden">{c.t({ es: 'Error:', en: 'Error:' })} </span>
          {c.t(e.message)}
        </p>
      ))}
      {children}
    </div>
  );
}

function describedBy(name: string, help: string | undefined, errors: ErrorDetail[]): string | undefined {
  const ids = [...(help ? [`${fieldId(name)}-help`] : []), ...errors.map((_, i) => `${fieldId(name)}-error${i}`)];
  return ids.length ? ids.join(' ') : undefined;
}

export function TextField(props: FieldProps & { value?: string | null; type?: 'text' | 'email' | 'url' | 'date' | 'password' | 'search' | 'tel'; multiline?: boolean; disabled?: boolean; autocomplete?: string }) {
  const own = fieldErrors(props.errors, props.name);
  const common = {
    id: fieldId(props.name),
    name: props.name,
    required: props.required,
    disabled: props.disabled,
    'aria-invalid': own.length ? (true as const) : undefined,
    'aria-describedby': describedBy(props.name, props.help, own),
  };
  return (
    <Wrapper {...props}>
      {props.multiline ? (
        <textarea {...common} rows={5}>{props.value ?? ''}</textarea>
      ) : (
        <input {...common} type={(props.type ?? 'text') as 'text'} value={props.value ?? ''} autocomplete={props.autocomplete as 'on'} />
      )}
    </Wrapper>
  );
}

export function SelectField(props: FieldProps & { vocabulary: Vocabulary; value?: string | null; disabled?: boolean; emptyLabel?: string }) {
  const own = fieldErrors(props.errors, props.name);
  return (
    <Wrapper {...props}>
      <select
        id={fieldId(props.name)}
        name={props.name}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={own.length ? true : undefined}
        aria-describedby={describedBy(props.name, props.help, own)}
      >
        <option value="">{props.emptyLabel ?? props.c.t({ es: '— Elija —', en: '— Choose —' })}</option>
        {props.vocabulary.terms.map((term) => (
          <option value={term.code} selected={term.code === props.value}>
            {term.label[props.c.lang]}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}

export function CheckboxesField(props: FieldProps & { vocabulary: Vocabulary; values: string[]; disabled?: boolean }) {
  const own = fieldErrors(props.errors, props.name);
  return (
    <fieldset class={`field checkboxes${own.length ? ' has-error' : ''}`} id={fieldId(props.name)} aria-describedby={describedBy(props.name, props.help, own)}>
      <legend>
        {props.label}
        {props.required && <span class="required"> ({props.c.t({ es: 'obligatorio', en: 'required' })})</span>}
      </legend>
      {props.help && <p class="help" id={`${fieldId(props.name)}-help`}>{props.help}</p>}
      {own.map((e, i) => (
        <p class="field-error" id={`${fieldId(props.name)}-error${i}`}>{props.c.t(e.message)}</p>
      ))}
      <div class="options">
        {props.vocabulary.terms.map((term) => (
          <label class="option">
            <input type="checkbox" name={props.name} value={term.code} checked={props.values.includes(term.code)} disabled={props.disabled} />{' '}
            {term.label[props.c.lang]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function CheckboxField(props: FieldProps & { checked: boolean; disabled?: boolean }) {
  const own = fieldErrors(props.errors, props.name);
  return (
    <div class={`field checkbox${own.length ? ' has-error' : ''}`}>
      {own.map((e) => (
        <p class="field-error">{props.c.t(e.message)}</p>
      ))}
      <label>
        <input type="checkbox" id={fieldId(props.name)} name={props.name} value="si" checked={props.checked} disabled={props.disabled} /> {props.label}
      </label>
    </div>
  );
}

/** Numbered page links that keep the other query parameters. */
export function Pagination({ c, page, pages, href }: { c: PageContext; page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <nav class="pagination" aria-label={c.t({ es: 'Páginas de resultados', en: 'Result pages' })}>
      <ul>
        {page > 1 && <li><a href={href(page - 1)} rel="prev">{c.t({ es: '← Anterior', en: '← Previous' })}</a></li>}
        {shown.map((p, i) => (
          <>
            {i > 0 && p - shown[i - 1]! > 1 && <li aria-hidden="true">…</li>}
            <li>
              {p === page ? (
                <span aria-current="page">{formatNumber(p, c.lang)}</span>
              ) : (
                <a href={href(p)} aria-label={c.t({ es: 'Página {n}', en: 'Page {n}' }, { n: p })}>{formatNumber(p, c.lang)}</a>
              )}
            </li>
          </>
        ))}
        {page < pages && <li><a href={href(page + 1)} rel="next">{c.t({ es: 'Siguiente →', en: 'Next →' })}</a></li>}
      </ul>
    </nav>
  );
}

export function CsrfInput({ c }: { c: PageContext }) {
  return <input type="hidden" name="_csrf" value={c.csrf} />;
}

/** A badge for the legal classification, with text (not colour alone) carrying the meaning. */
/** A search hit's title: a dataset to its page with a "published data" badge, an asset with its class. */
export function HitTitle({ c, hit }: { c: PageContext; hit: { type: string; id: string; title: string; legal_class: string | null } }) {
  if (hit.type === 'dataset') return <><a href={`/datasets/${hit.id}`}>{hit.title}</a> <span class="badge">{c.t({ es: 'Datos publicados', en: 'Published data' })}</span></>;
  return <><a href={`/assets/${hit.id}`}>{hit.title}</a> <ClassBadge c={c} legalClass={hit.legal_class ?? 'publica'} /></>;
}

export function ClassBadge({ c, legalClass }: { c: PageContext; legalClass: string }) {
  const labels: Record<string, Bilingual> = {
    publica: { es: 'Pública', en: 'Public' },
    clasificada: { es: 'Clasificada', en: 'Classified' },
    reservada: { es: 'Reservada', en: 'Reserved' },
  };
  return <span class={`badge ${legalClass}`}>{c.t(labels[legalClass] ?? { es: legalClass, en: legalClass })}</span>;
}

export function Progress({ c, percent, label }: { c: PageContext; percent: number | null; label: string }) {
  return (
    <div class="progress-wrap">
      <label for="job-progress">{label}</label>
      <progress id="job-progress" max={100} value={percent ?? undefined} data-progress>
        {percent === null ? c.t({ es: 'En curso', en: 'In progress' }) : `${percent} %`}
      </progress>
      <span class="percent" aria-live="polite">{percent === null ? '' : `${percent} %`}</span>
    </div>
  );
}

/** The bar a form with `data-upload-progress` fills while its file uploads (hidden without JavaScript). */
export function UploadProgress({ c }: { c: PageContext }) {
  return (
    <div class="upload-progress" hidden>
      <label for="upload-progress">{c.t({ es: 'Subiendo el archivo', en: 'Uploading the file' })}</label>
      <progress id="upload-progress" max={100} value={0}></progress> <span class="percent" aria-live="polite"></span>
    </div>
  );
}
