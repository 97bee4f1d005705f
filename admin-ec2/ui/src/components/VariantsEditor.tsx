import { newVariant, type VariantDraft } from '../lib/product-form';

/** One row per SKU: its name, attributes, price and (new SKUs only) the stock it starts with. */
export function VariantsEditor({
  variants,
  currency,
  onChange,
  errorFor,
  readOnly,
  onAdjustStock,
}: {
  variants: VariantDraft[];
  currency: string;
  onChange: (variants: VariantDraft[]) => void;
  errorFor: (path: string) => string | undefined;
  readOnly: boolean;
  onAdjustStock: ((sku: string) => void) | null;
}) {
  const update = (index: number, patch: Partial<VariantDraft>) =>
    onChange(variants.map((v, i) => (i === index ? { ...v, ...patch } : v)));
  const input = (
    index: number,
    name: keyof VariantDraft,
    label: string,
    extra: Record<string, unknown> = {},
  ) => {
    const id = `variant-${variants[index]!.key}-${name}`;
    const error = errorFor(`variants.${index}.${name}`);
    return (
      <div class={`field${error ? ' field-invalid' : ''}`}>
        <label for={id}>{label}</label>
        <input
          id={id}
          value={variants[index]![name] as string}
          readOnly={readOnly}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={(e) => update(index, { [name]: e.currentTarget.value })}
          {...extra}
        />
        {error && (
          <p class="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </div>
    );
  };
  return (
    <fieldset class="variants-editor">
      <legend>Variants (SKUs)</legend>
      {errorFor('variants') && <p class="field-error">{errorFor('variants')}</p>}
      {variants.map((variant, index) => (
        <fieldset class="variant" key={variant.key}>
          <legend class="visually-hidden">Variant {index + 1}</legend>
          {input(index, 'sku', 'SKU', { readOnly: readOnly || variant.saved, autoCapitalize: 'characters' })}
          {input(index, 'name', 'Variant name')}
          {input(index, 'attributes', 'Attributes', { placeholder: 'color=red, size=42' })}
          {input(index, 'price', `Price (${currency})`, { inputMode: 'decimal' })}
          {!variant.saved && input(index, 'initialStock', 'Starting stock', { inputMode: 'numeric' })}
          <div class="row-buttons">
            {variant.saved && (
              <p class="units">
                <strong>{variant.units ?? 0}</strong> in stock
              </p>
            )}
            {variant.saved && onAdjustStock && (
              <button
                type="button"
                class="button button-secondary"
                onClick={() => onAdjustStock(variant.sku)}
              >
                Adjust stock<span class="visually-hidden"> of {variant.sku}</span>
              </button>
            )}
            {!readOnly && !variant.saved && variants.length > 1 && (
              <button
                type="button"
                class="link-button danger"
                onClick={() => onChange(variants.filter((_, i) => i !== index))}
              >
                Remove variant {index + 1}
              </button>
            )}
          </div>
        </fieldset>
      ))}
      {!readOnly && (
        <button
          type="button"
          class="button button-secondary"
          onClick={() => onChange([...variants, newVariant()])}
        >
          Add a variant
        </button>
      )}
    </fieldset>
  );
}
