import type { Db } from '../../db/database';
import { findMemberById } from '../../db/repositories/members';
import { requestSubmittedFromJourney } from '../../db/repositories/requests';
import { formatDate } from '../../domain/dates';
import { audit } from '../../services/audit';
import type { JourneyKind } from '../engine/journeyKind';
import { requestFlow, requestSteps } from './flow';
import type { Journey } from './journey';
import type { Step, StepContext } from './step';

export const PRIOR_AUTH = 'prior-auth';

/** The prior-authorization request as a journey: its steps (a test app may add one), its member, its addresses. */
export function priorAuthKind(steps: readonly Step[] = requestSteps): JourneyKind<StepContext, Journey> {
  const flow = requestFlow(steps);
  return {
    kind: PRIOR_AUTH,
    noun: 'request',
    flow,
    basePath: '/prior-auth',
    homeHref: '/prior-auth',
    cancelledAudit: 'request-cancelled',

    async context(db, record, user, req, res) {
      const member = await findMemberById(db, record.state.memberId);
      if (!member) return undefined;
      return { db, journey: record.state, record, user, member, flow, audit: (action, details) => audit(db, req, res, action, { memberId: member.id, ...details }) };
    },

    commonView(ctx) {
      return {
        journeyId: ctx.record.id,
        patient: {
          name: `${ctx.member.firstName} ${ctx.member.lastName}`,
          memberId: ctx.member.memberId,
          dateOfBirth: formatDate(ctx.member.dateOfBirth),
        },
      };
    },

    async submitted(db: Db, journeyId, organizationId) {
      const request = await requestSubmittedFromJourney(db, journeyId, organizationId);
      return request && { ...request, href: `/prior-auth/requests/${request.reference}`, resultHref: `/prior-auth/requests/${request.reference}/submitted` };
    },

    async describe(db, record) {
      const member = await findMemberById(db, record.state.memberId);
      const codes = record.state.answers.procedures.map((p) => p.code);
      return {
        title: 'Authorization request',
        member: member ? `${member.firstName} ${member.lastName} (member ID ${member.memberId})` : '',
        detail: [`Date of service ${formatDate(record.state.answers.service?.startDate ?? record.state.dateOfService)}`, codes.length > 0 ? `codes ${codes.join(', ')}` : 'no procedure codes yet'].join(', '),
      };
    },
  };
}
