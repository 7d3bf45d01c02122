import { CollectionData } from '@sdp/contracts';
import { CollectionEntity } from './collection.entity';

export interface CollectionView extends CollectionData {
  membershipVersion: number;
}

export function toCollectionData(collection: CollectionEntity): CollectionData {
  return {
    id: collection.id,
    name: collection.name,
    comment: collection.comment,
    builtIn: collection.builtIn,
    limitingCollectionId: collection.limitingCollectionId,
    parentCollectionId: collection.parentCollectionId,
    rules: collection.rules,
    refresh: { incremental: collection.refreshIncremental, fullEveryMinutes: collection.fullEveryMinutes },
    maintenanceWindows: collection.maintenanceWindows,
    createdAt: collection.createdAt.toISOString(),
    updatedAt: collection.updatedAt.toISOString(),
  };
}

/** The API adds the membership version so a caller can line it up with membership events. */
export function toCollectionView(collection: CollectionEntity): CollectionView {
  return { ...toCollectionData(collection), membershipVersion: collection.membershipVersion };
}
