/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { fakeFetch, RecordedRequest, renderWithSession } from '../test-support/render-with-session';
import { ImportDefinition } from './ImportDefinition';
import { PackagesPage } from './PackagesPage';

const DEFINITION = [
  '[PDF]',
  'Version=2.0',
  '[Package Definition]',
  'Name=Contoso Reader',
  'Version=4.2',
  'Programs=Install',
  '[Install]',
  'CommandLine=msiexec /i reader.msi /qn',
  'EstimatedRunTime=15',
].join('\r\n');

const IMPORTED = {
  package: { id: 'S0100007', name: 'Contoso Reader', version: '4.2' },
  programs: [{ packageId: 'S0100007', name: 'Install', commandLine: 'msiexec /i reader.msi /qn' }],
  warnings: [],
};

const IMPORT_URL = '/services/catalog/api/v1/package-definitions';

function chooseFile(file: File) {
  fireEvent.change(screen.getByLabelText('Choose definition file…'), { target: { files: [file] } });
}

/** The catalog's list answer for the page, and `answer` for the import. */
function catalog(answer: { status: number; body?: unknown }) {
  return fakeFetch((request: RecordedRequest) => (request.method === 'GET' ? { status: 200, body: { items: [], nextCursor: null } } : answer));
}

describe('ImportDefinition', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('sends the file text as text/plain and opens the new package from the Packages page', async () => {
    const { fetcher, requests } = catalog({ status: 201, body: IMPORTED });
    renderWithSession(<PackagesPage />, fetcher, 'operator');

    fireEvent.click(screen.getByRole('button', { name: 'Import definition' }));
    chooseFile(new File([DEFINITION], 'reader.sms'));
    await screen.findByText(/^reader\.sms \(/);
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    await waitFor(() => expect(window.location.pathname).toBe('/packages/S0100007'));
    const posts = requests.filter((request) => request.method === 'POST');
    expect(posts).toEqual([{ url: IMPORT_URL, method: 'POST', contentType: 'text/plain; charset=utf-8', body: DEFINITION }]);
  });

  it('reads a UTF-16LE file with a byte-order mark, as Windows tools write .sms files, and reports the result', async () => {
    const { fetcher, requests } = fakeFetch(() => ({ status: 201, body: IMPORTED }));
    const onImported = jest.fn();
    renderWithSession(<ImportDefinition onImported={onImported} />, fetcher);

    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(DEFINITION).flatMap((char) => [char.charCodeAt(0), 0])]);
    chooseFile(new File([utf16], 'reader.pdf'));
    await screen.findByText(/^reader\.pdf \(/);
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    await waitFor(() => expect(onImported).toHaveBeenCalledWith(IMPORTED));
    expect(requests[0].body).toBe(DEFINITION);
  });

  it('shows what the catalog did not import before moving on to the package', async () => {
    const withWarnings = { ...IMPORTED, warnings: ['[Setup] section is not imported', 'line 12 Icon: not imported'] };
    const { fetcher } = fakeFetch(() => ({ status: 201, body: withWarnings }));
    const onImported = jest.fn();
    renderWithSession(<ImportDefinition onImported={onImported} />, fetcher);

    chooseFile(new File([DEFINITION], 'reader.sms'));
    await screen.findByText(/^reader\.sms \(/);
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    expect(await screen.findByText('[Setup] section is not imported')).toBeTruthy();
    expect(screen.getByText('line 12 Icon: not imported')).toBeTruthy();
    expect(onImported).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Open S0100007' }));
    expect(onImported).toHaveBeenCalledWith(withWarnings);
  });

  it('shows the 422 message naming the line and key, and stays on the form', async () => {
    const { fetcher, requests } = fakeFetch(() => ({
      status: 422,
      body: {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'line 9 EstimatedRunTime: must be 1..720 minutes, got 900',
        details: [{ field: 'line 9 EstimatedRunTime', problems: ['must be 1..720 minutes, got 900'] }],
      },
    }));
    const onImported = jest.fn();
    renderWithSession(<ImportDefinition onImported={onImported} />, fetcher);

    chooseFile(new File([DEFINITION.replace('EstimatedRunTime=15', 'EstimatedRunTime=900')], 'reader.sms'));
    await screen.findByText(/^reader\.sms \(/);
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not import the definition: Not allowed by the rules: line 9 EstimatedRunTime: must be 1..720 minutes, got 900');
    expect(requests).toHaveLength(1);
    expect(onImported).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Import' })).toBeTruthy();
  });

  it('lists the details the message does not already say', async () => {
    const { fetcher } = fakeFetch(() => ({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'the definition was refused',
        details: [
          { field: 'name', problems: ['name must be shorter than or equal to 50 characters'] },
          { field: 'language', problems: ['language must be shorter than or equal to 32 characters'] },
        ],
      },
    }));
    renderWithSession(<ImportDefinition onImported={() => undefined} />, fetcher);

    chooseFile(new File([DEFINITION], 'reader.sms'));
    await screen.findByText(/^reader\.sms \(/);
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));

    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('strong')?.textContent).toBe('Could not import the definition: ');
    expect(Array.from(alert.querySelectorAll('li'), (item) => item.textContent)).toEqual([
      'name: name must be shorter than or equal to 50 characters',
      'language: language must be shorter than or equal to 32 characters',
    ]);
  });

  it('sends nothing for an empty file', async () => {
    const { fetcher, requests } = fakeFetch(() => ({ status: 201, body: IMPORTED }));
    renderWithSession(<ImportDefinition onImported={() => undefined} />, fetcher);

    chooseFile(new File(['  \r\n'], 'empty.sms'));

    expect((await screen.findByRole('alert')).textContent).toBe('Could not import the definition: empty.sms is empty.');
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(screen.getByRole('alert').textContent).toBe('Could not import the definition: Choose a package definition file first.');
    expect(requests).toEqual([]);
  });

  it('is not offered to a viewer', async () => {
    const { fetcher } = catalog({ status: 201, body: IMPORTED });
    renderWithSession(<PackagesPage />, fetcher, 'viewer');

    await screen.findByText('No packages yet. Create one to start.');
    expect(screen.queryByRole('button', { name: 'Import definition' })).toBeNull();
  });
});
