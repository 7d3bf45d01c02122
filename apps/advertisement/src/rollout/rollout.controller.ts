import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ROLLOUT_STATES, RolloutView } from '@sdp/contracts';
import { AdvertisementIdPipe } from '../advertisements/advertisement-id.pipe';
import { RolloutService } from './rollout.service';

const PHASE_VIEW_SCHEMA = {
  type: 'object',
  description: 'The phase as created (type, collectionId or percent, successPercent, failureThreshold, gate) with its progress',
  properties: {
    phase: { type: 'integer', minimum: 1 },
    type: { type: 'string', enum: ['collection', 'percentage'] },
    collectionId: { type: 'string' },
    percent: { type: 'number' },
    successPercent: { type: 'number' },
    failureThreshold: { type: 'object', description: '{percent} or {count}' },
    gate: { type: 'object', description: '{type: automatic, delayMinutes} or {type: approval}' },
    open: { type: 'boolean' },
    openedAt: { type: 'string', format: 'date-time', nullable: true },
    ...Object.fromEntries(['targeted', 'succeeded', 'failed', 'inProgress', 'notReported'].map((count) => [count, { type: 'integer' }])),
    criterionMet: { type: 'boolean' },
  },
};

const ROLLOUT_VIEW_SCHEMA = {
  type: 'object',
  required: ['advertisementId', 'state', 'openPhases', 'reason', 'criterionMetAt', 'nextPhaseAt', 'failuresCountedSince', 'phases'],
  properties: {
    advertisementId: { type: 'string' },
    state: { type: 'string', enum: [...ROLLOUT_STATES] },
    openPhases: { type: 'integer', description: 'Phases 1..openPhases are open: their clients get the advertisement' },
    reason: { type: 'string', nullable: true, description: 'Why it paused or waits' },
    criterionMetAt: { type: 'string', format: 'date-time', nullable: true },
    nextPhaseAt: { type: 'string', format: 'date-time', nullable: true, description: 'When the automatic gate opens the next phase if the criterion keeps holding' },
    failuresCountedSince: { type: 'string', format: 'date-time', nullable: true, description: 'The last resume: earlier failures do not count' },
    phases: { type: 'array', items: PHASE_VIEW_SCHEMA },
  },
};

const NOT_FOUND = 'ADVERTISEMENT_NOT_FOUND, or ROLLOUT_NOT_FOUND (the advertisement was created without phases)';

/** The phased deployment of an advertisement: viewers read it, operators and admins control it. */
@ApiTags('rollouts')
@ApiBearerAuth()
@Controller('api/v1/advertisements/:id/rollout')
export class RolloutController {
  constructor(private readonly rollouts: RolloutService) {}

  @Get()
  @ApiOkResponse({ schema: ROLLOUT_VIEW_SCHEMA })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  get(@Param('id', AdvertisementIdPipe) id: string): Promise<RolloutView> {
    return this.rollouts.view(id);
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOkResponse({ schema: ROLLOUT_VIEW_SCHEMA, description: 'Paused: no further phase opens; the open ones stay offered' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'ROLLOUT_STATE_CONFLICT: already paused, completed or cancelled' })
  pause(@Param('id', AdvertisementIdPipe) id: string): Promise<RolloutView> {
    return this.rollouts.pause(id);
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOkResponse({ schema: ROLLOUT_VIEW_SCHEMA, description: 'Active again; failures reported before now no longer count against the thresholds' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'ROLLOUT_STATE_CONFLICT: not paused' })
  resume(@Param('id', AdvertisementIdPipe) id: string): Promise<RolloutView> {
    return this.rollouts.resume(id);
  }

  @Post('approve')
  @HttpCode(200)
  @ApiOkResponse({ schema: ROLLOUT_VIEW_SCHEMA, description: 'The next phase opened, or waits for its content to reach the DPs its clients use' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'ROLLOUT_STATE_CONFLICT: the rollout is not waiting for approval' })
  approve(@Param('id', AdvertisementIdPipe) id: string): Promise<RolloutView> {
    return this.rollouts.approve(id);
  }

  @Post('cancel')
  @HttpCode(200)
  @ApiOkResponse({ schema: ROLLOUT_VIEW_SCHEMA, description: 'Cancelled: the advertisement is withdrawn from every client' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'ROLLOUT_STATE_CONFLICT: already completed or cancelled' })
  cancel(@Param('id', AdvertisementIdPipe) id: string): Promise<RolloutView> {
    return this.rollouts.cancel(id);
  }
}
