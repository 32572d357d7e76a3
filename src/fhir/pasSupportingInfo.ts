import { normalizeUsPhone } from '../domain/phone';

/**
 * What a PAS request Bundle carries beside the services (issue 15): the requestor's contact, the
 * QuestionnaireResponses and the DocumentReferences that Claim.supportingInfo points to. Pure: the
 * attachments' data is read only from the Bundle (base64); the portal fetches nothing.
 * https://hl7.org/fhir/us/davinci-pas/STU2.2/StructureDefinition-profile-requestor.html
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export type Resolve = (reference: unknown) => { resource: Json; index: number } | undefined;

export interface PasContact {
  name: string;
  phone: string;
  fax: string;
  email: string | null;
}

/** One answer as sent: the FHIR answer's value[x], read by the questionnaire that matches it. */
export interface SubmittedAnswer {
  linkId: string;
  text?: string;
  value: boolean | number | string;
  /** Which value[x] it came as: valueBoolean, valueInteger, valueCoding, valueString, valueDate... */
  valueType: string;
}

export interface SubmittedQuestionnaireResponse {
  /** The Questionnaire it answers (a canonical URL or an id), as sent. */
  questionnaire?: string;
  answers: SubmittedAnswer[];
  /** FHIRPath of the QuestionnaireResponse, for warnings. */
  expression: string;
}

export interface SubmittedDocument {
  contentType?: string;
  /** base64, as sent; undefined when the attachment points elsewhere (url) instead. */
  data?: string;
  title?: string;
  expression: string;
}

function humanName(v: unknown): string | undefined {
  const name = arrayOf(v).find(isObject) ?? (isObject(v) ? v : undefined);
  if (!name) return undefined;
  return text(name.text) ?? ([...arrayOf(name.given), name.family].filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' ') || undefined);
}

function telecom(points: unknown, system: 'phone' | 'fax' | 'email'): string | undefined {
  return arrayOf(points).filter(isObject).map((p) => (p.system === system ? text(p.value) : undefined)).find((v) => v !== undefined);
}

/**
 * The person the plan may call about the request: the requesting Organization's first contact (its
 * name and telecom), or a requesting PractitionerRole's telecom with its practitioner's name. None when
 * the Bundle names neither a person nor a phone number.
 */
export function contactOf(requestor: Json | undefined, resolve: Resolve): PasContact | undefined {
  if (!requestor) return undefined;
  let name: string | undefined;
  let points: unknown;
  if (requestor.resourceType === 'Organization') {
    const contact = arrayOf(requestor.contact).find(isObject);
    name = contact ? humanName(contact.name) : undefined;
    points = contact?.telecom ?? requestor.telecom;
  } else if (requestor.resourceType === 'PractitionerRole') {
    name = humanName(resolve(requestor.practitioner)?.resource.name);
    points = requestor.telecom;
  } else if (requestor.resourceType === 'Practitioner') {
    name = humanName(requestor.name);
    points = requestor.telecom;
  }
  const phoneText = telecom(points, 'phone');
  const phone = phoneText ? (normalizeUsPhone(phoneText) ?? phoneText) : '';
  if (!name && !phone) return undefined;
  const faxText = telecom(points, 'fax');
  return { name: name ?? '', phone, fax: faxText ? (normalizeUsPhone(faxText) ?? faxText) : '', email: telecom(points, 'email') ?? null };
}

/** An answer's value[x] as the portal's answers hold it: a coding by its code, a quantity by its value. */
function answerValue(answer: Json): { value: boolean | number | string; valueType: string } | undefined {
  for (const [key, v] of Object.entries(answer)) {
    if (!key.startsWith('value')) continue;
    if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return { value: v, valueType: key };
    if (isObject(v) && key === 'valueCoding' && text(v.code)) return { value: text(v.code) as string, valueType: key };
    if (isObject(v) && key === 'valueQuantity' && typeof v.value === 'number') return { value: v.value, valueType: key };
  }
  return undefined;
}

/** Every answered item, groups opened (QuestionnaireResponse.item.item), the first answer of each. */
function answersOf(items: unknown): SubmittedAnswer[] {
  return arrayOf(items).filter(isObject).flatMap((item) => {
    const nested = answersOf(item.item);
    const first = arrayOf(item.answer).find(isObject);
    const value = first ? answerValue(first) : undefined;
    const linkId = text(item.linkId);
    return [...(value && linkId ? [{ linkId, text: text(item.text), ...value }] : []), ...nested, ...(first ? answersOf(first.item) : [])];
  });
}

/** The QuestionnaireResponses and DocumentReferences Claim.supportingInfo points to (by valueReference). */
export function supportingInfoOf(claim: Json, resolve: Resolve): { questionnaireResponses: SubmittedQuestionnaireResponse[]; documents: SubmittedDocument[] } {
  const questionnaireResponses: SubmittedQuestionnaireResponse[] = [];
  const documents: SubmittedDocument[] = [];
  for (const info of arrayOf(claim.supportingInfo).filter(isObject)) {
    const found = resolve(info.valueReference);
    if (!found) continue;
    const { resource, index } = found;
    const expression = `Bundle.entry[${index}].resource.ofType(${String(resource.resourceType)})`;
    if (resource.resourceType === 'QuestionnaireResponse') {
      questionnaireResponses.push({ questionnaire: text(resource.questionnaire), answers: answersOf(resource.item), expression });
    } else if (resource.resourceType === 'DocumentReference') {
      arrayOf(resource.content).filter(isObject).forEach((content, i) => {
        const attachment = isObject(content.attachment) ? content.attachment : {};
        documents.push({ contentType: text(attachment.contentType), data: text(attachment.data), title: text(attachment.title) ?? text(resource.description), expression: `${expression}.content[${i}].attachment` });
      });
    }
  }
  return { questionnaireResponses, documents };
}
