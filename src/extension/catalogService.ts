import * as vscode from 'vscode';
import { bundledCatalog, loadCatalog } from '../engine/knowledge/runtime/feed';
import type { RuntimeCatalog } from '../engine/knowledge/runtime/catalog';
import type { Settings } from './settings';

/**
 * Holds the Runtime catalog: usable at once (cache or bundled copy), then
 * refreshed from the live feed in the background when that is allowed.
 */
export class CatalogService implements vscode.Disposable {
  private catalog: RuntimeCatalog = bundledCatalog();
  private readonly changed = new vscode.EventEmitter<RuntimeCatalog>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly cacheDir: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get current(): RuntimeCatalog {
    return this.catalog;
  }

  /** Loads what is at hand without the network, then (if allowed) the live feed. */
  async refresh(settings: Settings): Promise<void> {
    await this.load(settings, false);
    if (settings.online && !settings.catalogFile) void this.load(settings, true);
  }

  private async load(settings: Settings, online: boolean): Promise<void> {
    try {
      const { catalog, notes } = await loadCatalog({ file: settings.catalogFile, online, cacheDir: this.cacheDir, proxy: settings.proxy });
      for (const n of notes) this.log.info(n);
      if (online && catalog.info.source !== 'online') return;
      this.log.info(`Runtime catalog: ${catalog.info.source} (${catalog.info.origin ?? ''}), as of ${catalog.info.asOf}, ${catalog.size} releases`);
      this.catalog = catalog;
      this.changed.fire(catalog);
    } catch (err) {
      this.log.warn(`could not read the Runtime catalog ${settings.catalogFile ?? ''}: ${(err as Error).message}; using the bundled copy`);
      if (this.catalog.info.source !== 'bundled') {
        this.catalog = bundledCatalog();
        this.changed.fire(this.catalog);
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
