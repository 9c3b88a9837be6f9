import { Injectable, OnModuleInit } from '@nestjs/common';
import { VendorHooks } from '../vendors/vendor-hooks';
import { subjectSearchKey } from './subject-writer';
import { SubjectsRepository } from './subjects.repository';

/** A subject's search key holds its vendor's name: a renamed vendor is found under its new name at once. */
@Injectable()
export class SubjectListeners implements OnModuleInit {
  constructor(
    private readonly vendors: VendorHooks,
    private readonly subjects: SubjectsRepository,
  ) {}

  onModuleInit(): void {
    this.vendors.renamed.register((ctx, vendorId, name) =>
      this.subjects.refreshSearchKeysOfVendor(ctx, vendorId, name, (subjectName, vendorName) =>
        subjectSearchKey(subjectName, vendorName, null),
      ),
    );
  }
}
