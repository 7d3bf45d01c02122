import { useState } from 'react';
import { useSession } from '../api/session';
import { MeteringRule } from '../api/types';
import { useLoad } from '../api/use-load';
import { DetailHeader } from '../components/DetailHeader';
import { ErrorMessage, LoadState } from '../components/feedback';
import { formatDate } from '../components/format';
import { Property, PropertyList } from '../components/PropertyList';
import { useDeleteAndLeave } from '../components/use-delete-and-leave';
import { InstalledUnusedPanel } from './InstalledUnusedPanel';
import { platformsText } from './metering-rule-form-model';
import { EnabledBadge } from './MeteringPage';
import { MeteringReportPanel } from './MeteringReportPanel';
import { MeteringRuleForm } from './MeteringRuleForm';
import { deleteQuestion, ruleApiPath, useSetEnabled } from './rule-actions';

function Properties({ rule }: { rule: MeteringRule }) {
  const rows: Property[] = [
    ['File name', rule.fileName ?? 'any'],
    ['Original file name', rule.originalFileName ?? 'any'],
    ['Version pattern', rule.fileVersion],
    ['Language', rule.language ?? 'any'],
    ['Platforms', platformsText(rule.platforms)],
    ['Site', rule.site ?? 'every site'],
    ['Licences owned', String(rule.licencesOwned)],
    ['Installed software name', rule.installedSoftwareName ?? `${rule.productName} (the product name)`],
    ['Updated', formatDate(rule.updatedAt)],
  ];
  return <PropertyList rows={rows} />;
}

/** One metering rule: its fields (operators edit and switch it, admins delete it), its month's report, where it lies unused. */
export function MeteringRuleDetail({ id }: { id: string }) {
  const { api, canWrite, canDelete } = useSession();
  const [editing, setEditing] = useState(false);
  const [reportKey, setReportKey] = useState(0);
  const [deleteError, setDeleteError] = useState<unknown>(undefined);
  const rule = useLoad((signal) => api.get<MeteringRule>('metering', ruleApiPath(id), undefined, signal), [api, id]);
  const toggle = useSetEnabled(() => rule.reload());
  const remove = useDeleteAndLeave({
    question: deleteQuestion({ id, productName: rule.data?.productName ?? id }),
    service: 'metering',
    path: ruleApiPath(id),
    leaveTo: '/metering',
    onError: setDeleteError,
  });

  return (
    <LoadState what={`metering rule ${id}`} {...rule}>
      {(data) => (
        <article aria-labelledby="rule-title">
          <DetailHeader
            list={{ name: 'Metering', path: '/metering' }}
            titleId="rule-title"
            title={data.productName}
            id={data.id}
            badge={<EnabledBadge enabled={data.enabled} />}
            onEdit={canWrite && !editing ? () => setEditing(true) : undefined}
            onDelete={canDelete ? () => void remove() : undefined}
          >
            {canWrite ? (
              <button type="button" disabled={toggle.busy !== null} onClick={() => void toggle.setEnabled(data, !data.enabled)}>
                {data.enabled ? 'Disable' : 'Enable'}
              </button>
            ) : null}
          </DetailHeader>
          <ErrorMessage error={toggle.error} title="Could not change the rule" />
          <ErrorMessage error={deleteError} title="Could not delete the rule" />
          {editing ? (
            <MeteringRuleForm
              existing={data}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                rule.reload();
                setReportKey((key) => key + 1);
              }}
            />
          ) : (
            <section className="panel" aria-label="Properties">
              <Properties rule={data} />
            </section>
          )}
          <MeteringReportPanel key={`report-${reportKey}`} ruleId={data.id} />
          <InstalledUnusedPanel key={`unused-${reportKey}`} ruleId={data.id} />
        </article>
      )}
    </LoadState>
  );
}
