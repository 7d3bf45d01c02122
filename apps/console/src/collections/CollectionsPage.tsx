import { useState } from 'react';
import { useSession } from '../api/session';
import { CollectionData } from '../api/types';
import { readAllPages } from '../api/use-cursor-pages';
import { useLoad } from '../api/use-load';
import { Link, navigate } from '../app/router';
import { Empty, LoadState } from '../components/feedback';
import { CollectionDetail } from './CollectionDetail';
import { CollectionForm } from './CollectionForm';
import { buildTree, TreeNode } from './collection-tree';

function Tree({ nodes, selectedId }: { nodes: TreeNode[]; selectedId?: string }) {
  return (
    <ul className="tree">
      {nodes.map((node) => (
        <li key={node.collection.id}>
          <Link to={`/collections/${node.collection.id}`} aria-current={node.collection.id === selectedId ? 'page' : undefined}>
            <span className="tree-id">{node.collection.id}</span> {node.collection.name}
          </Link>
          {node.children.length > 0 ? <Tree nodes={node.children} selectedId={selectedId} /> : null}
        </li>
      ))}
    </ul>
  );
}

export function CollectionsPage({ selectedId }: { selectedId?: string }) {
  const { api, canWrite } = useSession();
  const [creating, setCreating] = useState(false);
  // The tree needs every collection, not a page of them.
  const collections = useLoad((signal) => readAllPages<CollectionData>((page) => api.get('targeting', '/collections', page, signal)), [api]);
  const selected = collections.data?.find((collection) => collection.id === selectedId);

  return (
    <section aria-labelledby="collections-title">
      <div className="page-header">
        <h1 id="collections-title">Collections</h1>
        {canWrite && !creating ? (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New collection
          </button>
        ) : null}
      </div>
      <LoadState what="collections" {...collections}>
        {(data) => (
          <>
            {creating ? (
              <CollectionForm
                collections={data}
                parentId={selectedId}
                onCancel={() => setCreating(false)}
                onSaved={(collection) => {
                  setCreating(false);
                  collections.reload();
                  navigate(`/collections/${collection.id}`);
                }}
              />
            ) : null}
            <div className="split">
              <nav aria-label="Collection tree" className="split-side card">
                <Tree nodes={buildTree(data)} selectedId={selectedId} />
              </nav>
              <div className="split-main">
                {selected ? (
                  <CollectionDetail key={selected.id} collection={selected} collections={data} onChanged={collections.reload} />
                ) : selectedId ? (
                  <Empty>Collection {selectedId} does not exist.</Empty>
                ) : (
                  <Empty>Choose a collection from the tree.</Empty>
                )}
              </div>
            </div>
          </>
        )}
      </LoadState>
    </section>
  );
}
