import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import request from 'supertest';
import { Browser, Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { submitRequest } from '../helpers/journey';
import { officeWithSubmittedRequest, postFiles, type Upload } from '../helpers/uploads';
import { diskFileStorage } from '../../src/services/fileStorage';
import { makeDocx, makeExe, makeOleDocument, makePdf, makeTiff, makeXlsx } from '../helpers/fixtures';

let t: TestApp;
let owner: Browser;
let requestUrl: string;
let uploadDir: string;

beforeAll(async () => {
  t = await startTestApp();
  uploadDir = path.join(t.dir, 'uploads');
  ({ owner, requestUrl } = await officeWithSubmittedRequest(t.app));
});
afterAll(async () => t.close());

/** Opens the request page and posts its upload form; follows the answer as a browser would. */
async function upload(browser: Browser, files: Upload[], url = requestUrl): Promise<Page> {
  await browser.visit(url);
  const res = await postFiles(browser, url, files);
  if (res.status === 303) return browser.visit(res.headers.location ?? '');
  return new Page(url, res.status, res.text);
}

function filesUploaded(page: Page): string[][] {
  return page.root.querySelectorAll('#files-uploaded tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text.replace(/\s+/g, ' ').trim()));
}

function storedFiles(): string[] {
  return fs.readdirSync(uploadDir).filter((f) => f !== 'tmp');
}

function tempFiles(): string[] {
  const tmp = path.join(uploadDir, 'tmp');
  return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
}

async function attachmentCount(): Promise<number> {
  const row = await t.db('attachments').count<{ n: number }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

describe('uploading clinical attachments', () => {
  test('the results page offers the upload with its label, button and the Files uploaded list', async () => {
    const page = await owner.visit(`${requestUrl}/submitted`);
    const { form } = page.formWithButton('Upload');
    expect(form.getAttribute('enctype')).toBe('multipart/form-data');
    expect(page.controlByLabel(form, 'Upload attachments').getAttribute('type')).toBe('file');
    expect(page.text('#files-uploaded caption')).toBe('Files uploaded');
  });

  test('a PDF and a TIFF in one go are stored under generated names and listed with name, type, size, who and when', async () => {
    const pdf = makePdf();
    const page = await upload(owner, [
      { name: 'office-note.pdf', content: pdf },
      { name: 'x-ray.tif', content: makeTiff() },
    ]);
    expect(page.status).toBe(200);
    expect(page.text('.notice--success')).toBe('2 files uploaded.');
    const rows = filesUploaded(page);
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['office-note.pdf', 'PDF'],
      ['x-ray.tif', 'TIFF image'],
    ]);
    expect(rows[0]?.[3]).toBe('Dana Provider');
    expect(rows[0]?.[4]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2} (AM|PM)$/);
    const stored = await t.db('attachments').where({ original_name: 'office-note.pdf' }).first();
    expect(stored.sha256).toBe(crypto.createHash('sha256').update(pdf).digest('hex'));
    expect(stored.size_bytes).toBe(pdf.length);
    expect(stored.stored_name).toMatch(/^[0-9a-f-]{36}\.pdf$/);
    expect(fs.readFileSync(path.join(uploadDir, stored.stored_name)).equals(pdf)).toBe(true);
    expect(tempFiles()).toEqual([]);
  });

  test.each([
    ['note.docx', makeDocx(), 'Word'],
    ['labs.xlsx', makeXlsx(), 'Excel'],
    ['old-note.doc', makeOleDocument(), 'Word'],
    ['old-labs.xls', makeOleDocument(), 'Excel'],
    ['summary.txt', Buffer.from('Member seen 03/02/2026. Plan: definitive testing.\n', 'utf8'), 'Text'],
    ['scan.TIFF', makeTiff(), 'TIFF image'],
  ])('%s is accepted', async (name, content, type) => {
    const page = await upload(owner, [{ name, content }]);
    expect(page.text('.notice--success')).toBe('1 file uploaded.');
    expect(filesUploaded(page).find((r) => r[0] === name)?.[1]).toBe(type);
  });

  test.each([
    ['scan.exe.pdf', 'scan.exe.pdf is not a PDF', makeExe()],
    ['note.docx', 'note.docx is not a Word document', makePdf()],
    ['labs.xlsx', 'labs.xlsx is not an Excel workbook', makeDocx()],
    ['picture.tif', 'picture.tif is not a TIFF image', makePdf()],
    ['program.txt', 'program.txt is not a plain text file', makeExe()],
    ['photo.png', 'photo.png is not a type of file the plan accepts: attach Word, Excel, PDF, text or TIFF files', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ['notes.txt', 'notes.txt is empty', Buffer.alloc(0)],
  ])('%s is refused: "%s"', async (name, message, content) => {
    const before = await attachmentCount();
    const page = await upload(owner, [{ name, content }]);
    expect(page.status).toBe(422);
    expect(page.title).toMatch(/^Error: /);
    expect(page.errorSummary).toEqual([{ message, href: '#files' }]);
    expect(page.inlineErrors).toEqual([message]);
    expect(await attachmentCount()).toBe(before);
    expect(tempFiles()).toEqual([]);
  });

  test('a file over 10 MB is refused by name', async () => {
    const big = Buffer.concat([makePdf(), Buffer.alloc(10 * 1024 * 1024)]);
    const page = await upload(owner, [{ name: 'report.pdf', content: big }]);
    expect(page.status).toBe(422);
    expect(page.errorSummary.map((e) => e.message)).toEqual(['report.pdf is larger than 10 MB']);
    expect(tempFiles()).toEqual([]);
  });

  test('more than 10 files at once are refused, and none is kept', async () => {
    const before = await attachmentCount();
    const files = Array.from({ length: 11 }, (_, i) => ({ name: `page-${i + 1}.pdf`, content: makePdf() }));
    const page = await upload(owner, files);
    expect(page.status).toBe(422);
    expect(page.errorSummary.map((e) => e.message)).toEqual(['Attach at most 10 files at a time']);
    expect(await attachmentCount()).toBe(before);
    expect(tempFiles()).toEqual([]);
  });

  test('pressing Upload with no file asks for one', async () => {
    const page = await upload(owner, []);
    expect(page.status).toBe(422);
    expect(page.errorSummary.map((e) => e.message)).toEqual(['Select at least one file to upload']);
  });

  test('all or nothing: one refused file means none of the upload is stored, and the page says so', async () => {
    const before = await attachmentCount();
    const filesBefore = storedFiles().length;
    const page = await upload(owner, [
      { name: 'good.pdf', content: makePdf() },
      { name: 'bad.pdf', content: makeExe() },
    ]);
    expect(page.status).toBe(422);
    expect(page.errorSummary.map((e) => e.message)).toEqual(['bad.pdf is not a PDF', 'None of the files were uploaded: attach them again without the ones refused']);
    expect(await attachmentCount()).toBe(before);
    expect(storedFiles()).toHaveLength(filesBefore);
    expect(tempFiles()).toEqual([]);
  });

  test('an upload without the form\'s CSRF token is refused and leaves nothing behind', async () => {
    const before = await attachmentCount();
    const res = await owner.agent.post(`${requestUrl}/attachments`).attach('files', makePdf(), 'sneaky.pdf');
    expect(res.status).toBe(403);
    expect(await attachmentCount()).toBe(before);
    expect(tempFiles()).toEqual([]);
  });
});

describe('downloading clinical attachments', () => {
  test('the owner organization downloads the file as an attachment, never sniffed', async () => {
    const content = makePdf('Download me');
    const page = await upload(owner, [{ name: 'Résumé clinique.pdf', content }]);
    const href = page.root.querySelectorAll('#files-uploaded a').find((a) => a.text.trim() === 'Résumé clinique.pdf')?.getAttribute('href') ?? '';
    const res = await owner.agent.get(href).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="R\?sum\? clinique\.pdf"; filename\*=UTF-8''R%C3%A9sum%C3%A9%20clinique\.pdf$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((res.body as Buffer).equals(content)).toBe(true);

    const colleague = await signedIn(t.app, 'demo.admin');
    expect((await colleague.agent.get(href)).status).toBe(200);
  });

  test('another organization gets 404 for the request, its files and its upload form, as for nothing at all', async () => {
    const page = await owner.visit(requestUrl);
    const href = page.root.querySelector('#files-uploaded a')?.getAttribute('href') ?? '';
    expect(href).not.toBe('');
    const outsider = await signedIn(t.app, 'demo.provider2');
    expect((await outsider.agent.get(href)).status).toBe(404);
    expect((await outsider.agent.get(`${requestUrl}/attachments/999999`)).status).toBe(404);
    expect((await outsider.visit(requestUrl)).status).toBe(404);
    const before = await attachmentCount();
    const res = await outsider.agent.post(`${requestUrl}/attachments`).field('_csrf', outsider.csrfToken).attach('files', makePdf(), 'x.pdf');
    expect(res.status).toBe(404);
    expect(await attachmentCount()).toBe(before);
    expect((await request(t.app).get(href)).status).toBe(303);
  });
});

describe('file names with bidirectional controls', () => {
  const RLO = '\u202E';

  /** The name a browser saves the download under: filename* (UTF-8) where given, else filename. */
  function downloadName(res: request.Response): string {
    const header = String(res.headers['content-disposition'] ?? '');
    const extended = /filename\*=UTF-8''([^;]*)/.exec(header)?.[1];
    return extended !== undefined ? decodeURIComponent(extended) : (/filename=(?:"([^"]*)"|([^;\s]+))/.exec(header)?.slice(1).find((v) => v !== undefined) ?? '');
  }

  test('"evil\u202Eexe.pdf" is stored, listed and downloaded as "evilexe.pdf", never displayed as "evilfdp.exe"', async () => {
    const page = await upload(owner, [{ name: `evil${RLO}exe.pdf`, content: makePdf() }]);
    expect(page.text('.notice--success')).toBe('1 file uploaded.');
    expect(page.html).not.toContain(RLO);
    const row = filesUploaded(page).find((r) => r[0]?.startsWith('evil'));
    expect(row?.[0]).toBe('evilexe.pdf');
    const stored = await t.db('attachments').where('original_name', 'like', 'evil%').first();
    expect(stored.original_name).toBe('evilexe.pdf');

    const href = page.root.querySelectorAll('#files-uploaded a').find((a) => a.text.trim() === 'evilexe.pdf')?.getAttribute('href') ?? '';
    const res = await owner.agent.get(href);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).not.toMatch(/%E2%80%AE/i);
    expect(downloadName(res)).toBe('evilexe.pdf');
  });

  test('a refusal message names the file without its controls', async () => {
    const page = await upload(owner, [{ name: `scan${RLO}fdp.exe`.replace('.exe', '.pdf'), content: makeExe() }]);
    expect(page.status).toBe(422);
    expect(page.errorSummary.map((e) => e.message)).toEqual(['scanfdp.pdf is not a PDF']);
    expect(page.html).not.toContain(RLO);
  });

  test('a name stored before the controls were stripped is shown and downloaded without them', async () => {
    const page = await upload(owner, [{ name: 'older.pdf', content: makePdf() }]);
    const href = page.root.querySelectorAll('#files-uploaded a').find((a) => a.text.trim() === 'older.pdf')?.getAttribute('href') ?? '';
    await t.db('attachments').where({ original_name: 'older.pdf' }).update({ original_name: `older${RLO}exe.pdf` });
    const again = await owner.visit(requestUrl);
    expect(again.html).not.toContain(RLO);
    expect(filesUploaded(again).map((r) => r[0])).toContain('olderexe.pdf');
    expect(downloadName(await owner.agent.get(href))).toBe('olderexe.pdf');
  });
});

describe('pended lines', () => {
  test('the page asks for clinical information and links the fax page with the plan\'s number', async () => {
    const browser = await signedIn(t.app);
    const results = await submitRequest(browser, { careSetting: 'Inpatient', category: 'Medical admission', placeOfService: '21 - Inpatient Hospital', procedures: [{ code: '99213', units: '1' }] });
    expect(results.text('#pended-note')).toContain('Send the member\'s clinical information');
    const fax = await browser.visit('/prior-auth/fax-clinical-information');
    expect(fax.h1).toBe('Send clinical information by fax');
    expect(fax.mainText).toContain('(312) 555-0199');
  });
});

describe('files are listed in the order they were chosen', () => {
  test('even when the first file finishes writing after the second', async () => {
    // A storage whose first file only finishes once the second has: the order writes end in is not the form's.
    let releaseFirst: () => void = () => undefined;
    const secondDone = new Promise<void>((resolve) => (releaseFirst = resolve));
    let created = 0;
    const slowFirst = {
      ...diskFileStorage,
      createFile(filePath: string) {
        const file = diskFileStorage.createFile(filePath);
        const mine = ++created;
        const end = file.end.bind(file);
        file.end = ((cb?: () => void) => {
          if (mine === 1) void secondDone.then(() => end(cb));
          else end(() => {
            cb?.();
            releaseFirst();
          });
          return file;
        }) as typeof file.end;
        return file;
      },
    };
    const slow = await startTestApp({ fileStorage: slowFirst });
    try {
      const { owner: office, requestUrl: url } = await officeWithSubmittedRequest(slow.app);
      await office.visit(url);
      const res = await postFiles(office, url, [
        { name: 'first.pdf', content: makePdf('first') },
        { name: 'second.tif', content: makeTiff() },
      ]);
      const page = await office.visit(res.headers.location ?? '');
      expect(filesUploaded(page).map((r) => r[0])).toEqual(['first.pdf', 'second.tif']);
      expect(created).toBe(2);
    } finally {
      await slow.close();
    }
  });
});
