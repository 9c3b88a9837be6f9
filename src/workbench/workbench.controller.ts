import { Controller, Get, Next, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Public } from '../common/decorators';
import { ASSET_PATH, WORKBENCH_CSP, WorkbenchAsset, workbenchAssets, workbenchPage } from './workbench-assets';

/** A browser asking for the page; a GraphQL client's GET (JSON, or anything with no preference) goes on to Apollo. */
export function prefersHtml(request: Request): boolean {
  return request.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/** The GraphQL workbench: GraphiQL and a sign-in form, served entirely from this app. Registered only when GRAPHQL_IDE is on. */
@Controller()
export class WorkbenchController {
  private readonly assets: ReadonlyMap<string, WorkbenchAsset> = workbenchAssets();
  private readonly pageFile = workbenchPage();

  // Routes are registered before Apollo's middleware, so this sees GET /graphql first.
  @Get('graphql')
  @Public()
  page(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): void {
    if (!prefersHtml(request)) return next();
    response.vary('Accept');
    response.setHeader('Content-Security-Policy', WORKBENCH_CSP);
    response.sendFile(
      this.pageFile,
      { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }, cacheControl: false },
      (error) => {
        if (error) next(error);
      },
    );
  }

  @Get(`${ASSET_PATH.slice(1)}/:name`)
  @Public()
  asset(@Param('name') name: string, @Res() response: Response, @Next() next: NextFunction): void {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException();
    response.sendFile(asset.file, { headers: { 'Content-Type': asset.contentType }, cacheControl: true, maxAge: 0 }, (error) => {
      if (error) next(error);
    });
  }
}
