import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PackageData, ProgramData } from '@sdp/contracts';
import { ruleViolation } from '@sdp/service';
import { DataSource } from 'typeorm';
import { PackagesService } from '../packages/packages.service';
import { ProgramsService } from '../programs/programs.service';
import { DefinitionRejected } from './definition-rejected';
import { PackageDefinition, parsePackageDefinition } from './package-definition';
import { packageDefinitionInvalid } from './package-definition.errors';

export interface ImportedDefinition {
  package: PackageData;
  programs: ProgramData[];
  warnings: string[];
}

@Injectable()
export class PackageDefinitionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly packages: PackagesService,
    private readonly programs: ProgramsService,
  ) {}

  /** The package and all its programs are created in one transaction, or nothing is. */
  async import(text: string): Promise<ImportedDefinition> {
    const definition = parse(text);
    return this.dataSource.transaction(async (manager) => {
      const created = await this.packages.insert(manager, definition.package);
      const programs: ProgramData[] = [];
      for (const program of definition.programs) {
        const dependsOn = program.dependsOnProgram === null ? null : { packageId: created.id, program: program.dependsOnProgram, alwaysRunFirst: false };
        programs.push(await this.programs.insert(manager, created.id, { ...program.fields, name: program.name, dependsOn }));
      }
      return { package: created, programs, warnings: definition.warnings };
    });
  }
}

function parse(text: string): PackageDefinition {
  try {
    return parsePackageDefinition(text);
  } catch (error) {
    if (error instanceof DefinitionRejected) {
      throw ruleViolation(error.line === undefined ? 'definition' : `line ${error.line}${error.key === undefined ? '' : ` ${error.key}`}`, error.why, packageDefinitionInvalid);
    }
    throw error;
  }
}
