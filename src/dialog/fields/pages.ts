/**
 * The document's pages through pdf.js, loaded only when "Place fields" opens (FieldsStep is a
 * dynamic import). Its worker is a file of the extension itself: MV3's CSP for extension pages allows
 * workers from 'self' only, never blob: or remote ones. Eval stays off (CSP has no 'unsafe-eval').
 */
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { drawPage } from './draw-page.ts';
import type { PageSize } from './geometry.ts';

GlobalWorkerOptions.workerSrc = workerUrl;

export interface OpenedPdf {
  pages: PageSize[];
  /** Draws page `n` (1-based) into `canvas` at `scale`, sharp on high-density screens. */
  draw(n: number, canvas: HTMLCanvasElement, scale: number): Promise<void>;
  close(): void;
}

export type Opened = { ok: true; pdf: OpenedPdf } | { ok: false; message: string };

/** The dialog's own copy of the bytes (a blob: URL of this extension's origin). */
export async function openPdf(blobUrl: string): Promise<Opened> {
  let doc: PDFDocumentProxy;
  try {
    const data = new Uint8Array(await (await fetch(blobUrl)).arrayBuffer());
    doc = await getDocument({ data, isEvalSupported: false, enableXfa: false }).promise;
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const pages: PageSize[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const viewport = (await doc.getPage(n)).getViewport({ scale: 1 });
    pages.push({ width: viewport.width, height: viewport.height });
  }
  return {
    ok: true,
    pdf: {
      pages,
      draw: async (n, canvas, scale) => drawPage(await doc.getPage(n), canvas, scale * (globalThis.devicePixelRatio || 1)),
      close: () => void doc.destroy(),
    },
  };
}
