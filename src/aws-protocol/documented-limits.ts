// Length limits Amazon documents for Connect request members whose botocore shapes carry none (the API
// reference pages state them; the models omit them). They are merged into the loaded model, so they are
// checked and reported exactly like modelled constraints ("Member must have length less than or equal to 127").
import type { Shape } from './service-model.js';

export const CONNECT_DOCUMENTED_LIMITS: Record<string, Pick<Shape, 'min' | 'max'>> = {
  // CreateContactFlow / UpdateContactFlowName: "Name … Maximum length of 127", "Description … Maximum length of 500",
  // CreateContactFlow / UpdateContactFlowContent: "Content … Maximum length of 256000".
  ContactFlowName: { min: 1, max: 127 },
  ContactFlowDescription: { max: 500 },
  ContactFlowContent: { min: 1, max: 256_000 },
  // Hours of operation, security profiles and agent hierarchy: names of at most 127, 127, 100 and 50 characters.
  HoursOfOperationName: { min: 1, max: 127 },
  SecurityProfileName: { min: 1, max: 127 },
  HierarchyGroupName: { min: 1, max: 100 },
  HierarchyLevelName: { min: 1, max: 50 },
  EvaluationFormDescription: { max: 1024 },
  TestCaseDescription: { max: 500 },
  TestCaseName: { min: 1, max: 127 },
};
