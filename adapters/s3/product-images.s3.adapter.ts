import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  IMAGE_TYPES,
  type ImageType,
  type ImageUpload,
  type ProductImageUploads,
} from '../../domain/catalog/catalog-admin.ports.js';
import { newId } from '../../domain/shared/ids.js';
import { createS3Client } from './s3-client.js';

export interface ProductImagesSettings {
  region: string;
  bucket: string;
  /** Where `images/...` keys are served from: the storefront's own origin (CloudFront /images/*), or the emulator. */
  publicUrl: string;
  /** s3rver locally; absent on AWS. */
  endpoint?: string;
  expiresSeconds?: number;
}

/**
 * Presigned PUTs into the images bucket: the admin never handles the bytes. The signature covers the content type
 * and the exact length, so the upload is the file that was announced (type and at most 5 MB) or S3 refuses it.
 */
export class S3ProductImages implements ProductImageUploads {
  private readonly client: S3Client;

  constructor(private readonly settings: ProductImagesSettings) {
    this.client = createS3Client({ region: settings.region, endpoint: settings.endpoint });
  }

  async presign(contentType: ImageType, bytes: number): Promise<ImageUpload> {
    const key = `images/products/${newId('img')}.${IMAGE_TYPES[contentType]}`;
    const command = new PutObjectCommand({
      Bucket: this.settings.bucket,
      Key: key,
      ContentType: contentType,
      ContentLength: bytes,
    });
    const uploadUrl = await getSignedUrl(this.client, command, {
      expiresIn: this.settings.expiresSeconds ?? 300,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return {
      uploadUrl,
      method: 'PUT',
      headers: { 'content-type': contentType },
      url: `${this.settings.publicUrl.replace(/\/$/, '')}/${key}`,
    };
  }

  close(): void {
    this.client.destroy();
  }
}
