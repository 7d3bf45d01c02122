import { CollectionData } from '../api/types';

export interface TreeNode {
  collection: CollectionData;
  children: TreeNode[];
}

/** Collections nested by parentCollectionId; one whose parent is unknown sits at the top. */
export function buildTree(collections: readonly CollectionData[]): TreeNode[] {
  const nodes = new Map(collections.map((collection) => [collection.id, { collection, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.collection.parentCollectionId ? nodes.get(node.collection.parentCollectionId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: TreeNode[]) => {
    list.sort((a, b) => a.collection.id.localeCompare(b.collection.id));
    list.forEach((node) => sort(node.children));
  };
  sort(roots);
  return roots;
}
