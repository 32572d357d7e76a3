import { findRequestForOrganization, requestSubmittedFromJourney } from '../../db/repositories/requests';
import { formatDate } from '../../domain/dates';
import { audit } from '../../services/audit';
import { Flow } from '../engine/flow';
import type { JourneyKind } from '../engine/journeyKind';
import type { UpdateJourney } from './journey';
import { requestHref, type UpdateContext } from './step';
import { addLinesStep } from './steps/addLines';
import { linesStep } from './steps/lines';
import { reviewStep } from './steps/review';

export const AUTHORIZATION_UPDATE = 'authorization-update';

/** "Update or extend" a submitted authorization as a journey of the engine: change the lines, add lines, check and submit. */
export function authorizationUpdateKind(): JourneyKind<UpdateContext, UpdateJourney> {
  return {
    kind: AUTHORIZATION_UPDATE,
    noun: 'update',
    flow: new Flow<UpdateContext, UpdateJourney>([linesStep, addLinesStep, reviewStep]),
    basePath: '/prior-auth/updates',
    homeHref: '/prior-auth/status',
    cancelledAudit: 'authorization-update-cancelled',

    async context(db, record, user, req, res) {
      const request = await findRequestForOrganization(db, user.organizationId, record.state.reference);
      if (!request) return undefined;
      return {
        db, journey: record.state, record, user, request,
        audit: (action, details) => audit(db, req, res, action, { memberId: request.memberId, referenceNumber: request.referenceNumber, ...details }),
      };
    },

    commonView: (ctx) => ({
      journeyId: ctx.record.id, requestHref: requestHref(ctx.request.referenceNumber), cancelHref: `/prior-auth/updates/${ctx.record.id}/cancel`,
      // The member's banner, for the pages shared with the wizard (Document Clinical).
      patient: { name: `${ctx.request.member.firstName} ${ctx.request.member.lastName}`, memberId: ctx.request.member.memberId, dateOfBirth: formatDate(ctx.request.member.dateOfBirth) },
    }),

    async submitted(db, journeyId, organizationId) {
      const request = await requestSubmittedFromJourney(db, journeyId, organizationId);
      return request && { ...request, href: requestHref(request.reference), resultHref: requestHref(request.reference) };
    },

    // Listed among the requests in progress (home and Prior Authorization pages) like any other journey.
    async describe(db, record) {
      const request = await findRequestForOrganization(db, record.organizationId, record.state.reference);
      const member = request?.member;
      const changed = Object.keys(record.state.changes).length + record.state.added.length;
      return {
        title: `Update of ${record.state.reference}`,
        member: member ? `${member.firstName} ${member.lastName} (member ID ${member.memberId})` : '',
        detail: [`Authorization ${record.state.authorizationNumber}`, changed === 0 ? 'no changes yet' : `${changed} ${changed === 1 ? 'line' : 'lines'} changed or added`].join(', '),
      };
    },
  };
}
