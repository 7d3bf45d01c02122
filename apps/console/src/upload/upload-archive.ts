import { apiErrorFrom } from '../api/api-error';
import { servicePath } from '../api/api-client';
import { PublishedVersion } from '../api/types';

export interface UploadProgress {
  sent: number;
  total: number;
  bytesPerSecond: number;
}

/**
 * PUTs the archive (the tar built from a folder, or a tar, tar.gz or zip file as it is) with
 * XMLHttpRequest: unlike fetch, it reports upload progress, and it streams a Blob from disk over
 * HTTP/1.1 (fetch only streams request bodies over HTTP/2).
 */
export function uploadArchive(
  token: string,
  packageId: string,
  archive: Blob,
  contentType: string,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<PublishedVersion> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    const started = performance.now();
    request.open('PUT', servicePath('catalog', `/packages/${encodeURIComponent(packageId)}/source`));
    request.setRequestHeader('authorization', `Bearer ${token}`);
    request.setRequestHeader('content-type', contentType);
    request.upload.onprogress = (event) => {
      const seconds = Math.max((performance.now() - started) / 1000, 0.001);
      onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : archive.size, bytesPerSecond: event.loaded / seconds });
    };
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = { message: request.responseText.slice(0, 500) };
      }
      if (request.status >= 200 && request.status < 300) resolve(body as PublishedVersion);
      else reject(apiErrorFrom(request.status, body));
    };
    request.onerror = () => reject(new TypeError('The upload was interrupted: the connection to the console server failed'));
    request.onabort = () => reject(new DOMException('Upload canceled', 'AbortError'));
    signal?.addEventListener('abort', () => request.abort());
    request.send(archive);
  });
}
