import { declareError } from '@sdp/service';

/** The collection the request names does not exist. */
export const collectionNotFound = declareError('COLLECTION_NOT_FOUND', 'not-found');
/** A body field (limiting collection, parent, include or exclude rule) names a collection that does not exist. */
export const collectionUnknown = declareError('COLLECTION_UNKNOWN', 'rule-broken');
/** A collection with this name exists already. */
export const collectionAlreadyExists = declareError('COLLECTION_ALREADY_EXISTS', 'conflict');
/** A change to a built-in collection (All Systems, …), which are read-only. */
export const collectionReadOnly = declareError('COLLECTION_READ_ONLY', 'rule-broken');
/** A rule of the wrong shape: no type of direct, query, include or exclude, or fields that do not fit its type. */
export const collectionRuleMalformed = declareError('COLLECTION_RULE_MALFORMED', 'bad-request');
/** Collections would reference each other in a cycle through limiting, include and exclude. */
export const collectionDependencyLoop = declareError('COLLECTION_DEPENDENCY_LOOP', 'rule-broken');
/** Collections would be each other's parents in a cycle. */
export const collectionParentLoop = declareError('COLLECTION_PARENT_LOOP', 'rule-broken');
/** A collection an advertisement targets, or other collections' rules name, cannot be deleted. */
export const collectionInUse = declareError('COLLECTION_IN_USE', 'conflict');
/** A direct member to remove that no direct rule of the collection names. */
export const collectionNoDirectRule = declareError('COLLECTION_NO_DIRECT_RULE', 'rule-broken');
