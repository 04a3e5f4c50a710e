/** Names and addresses of the product, in one place. */
export const PRODUCT_NAME = 'Astro Shared Responsibility';
export const CLI_NAME = 'astro-sr';
export const REPOSITORY_URL = 'https://github.com/astro-shared-responsibility/astro-shared-responsibility';

export function ruleDocsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`;
}
