import { useState } from 'preact/hooks';
import { ApiError, adminApi } from '../api/admin-api';
import type { ProductImage, Upload } from '../api/types';
import { ErrorNotice } from './bits';

const TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'];
const MAX_BYTES = 5 * 1024 * 1024;

/** Sends the file straight to the bucket with the presigned URL the admin API hands out; returns its public URL. */
async function upload(file: File): Promise<string> {
  const target = await adminApi<Upload>('/admin/api/product-images', {
    method: 'POST',
    body: { contentType: file.type, bytes: file.size },
  });
  let response: Response;
  try {
    response = await fetch(target.uploadUrl, { method: target.method, headers: target.headers, body: file });
  } catch {
    throw new Error('The upload did not reach the image store. Check your connection and try again.');
  }
  if (!response.ok) throw new Error(`The image store refused the upload (${response.status}). Try again.`);
  return target.url;
}

export function ImagesEditor({
  images,
  onChange,
  errorFor,
  readOnly,
}: {
  images: ProductImage[];
  onChange: (images: ProductImage[]) => void;
  errorFor: (path: string) => string | undefined;
  readOnly: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | ApiError | null>(null);

  const onFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (!TYPES.includes(file.type)) return setProblem('Choose a JPEG, PNG, WebP or AVIF picture.');
    if (file.size > MAX_BYTES) return setProblem('The picture is larger than 5 MB: make it smaller first.');
    setBusy(true);
    setProblem(null);
    try {
      const url = await upload(file);
      onChange([...images, { url, alt: '' }]);
    } catch (error) {
      setProblem(error instanceof ApiError ? error : (error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const move = (index: number, by: number) => {
    const next = [...images];
    const [image] = next.splice(index, 1);
    next.splice(index + by, 0, image!);
    onChange(next);
  };

  return (
    <fieldset class="images-editor">
      <legend>Pictures</legend>
      {images.length === 0 && (
        <p class="muted">No pictures yet. The first picture is the one listings show.</p>
      )}
      <ol class="image-list">
        {images.map((image, index) => {
          const error = errorFor(`images.${index}.alt`);
          const id = `image-alt-${index}`;
          return (
            <li key={image.url}>
              <img src={image.url} alt="" width={72} height={72} />
              <div class={`field${error ? ' field-invalid' : ''}`}>
                <label for={id}>Description of picture {index + 1}</label>
                <input
                  id={id}
                  value={image.alt}
                  readOnly={readOnly}
                  aria-invalid={error ? 'true' : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                  onInput={(e) =>
                    onChange(
                      images.map((im, i) => (i === index ? { ...im, alt: e.currentTarget.value } : im)),
                    )
                  }
                />
                {error && (
                  <p class="field-error" id={`${id}-error`}>
                    {error}
                  </p>
                )}
              </div>
              {!readOnly && (
                <div class="row-buttons">
                  <button
                    type="button"
                    class="link-button"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    Move up<span class="visually-hidden"> picture {index + 1}</span>
                  </button>
                  <button
                    type="button"
                    class="link-button danger"
                    onClick={() => onChange(images.filter((_, i) => i !== index))}
                  >
                    Remove<span class="visually-hidden"> picture {index + 1}</span>
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {problem && <ErrorNotice error={problem} />}
      {!readOnly && (
        <div class="field">
          <label for="image-file">Add a picture</label>
          <input id="image-file" type="file" accept={TYPES.join(',')} onChange={onFile} disabled={busy} />
          {busy && (
            <p role="status" class="muted">
              Uploading…
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}
